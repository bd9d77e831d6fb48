#include "attest/lab/personality.hpp"

#include <array>

#include "attest/lab/render_util.hpp"

namespace attest::lab {
namespace {

using RenderFn = std::optional<std::string> (*)(const Facts&, std::string_view);

struct Entry {
  Traits traits;
  RenderFn render;
};

// Modes follow what the real devices accept: network OS CLIs that only take
// an interactive shell are `shell`; Linux-like devices and EOS take `exec`.
const std::array<Entry, 19>& table() {
  static const std::array<Entry, 19> entries{{
      {{"cisco-iosxe", "Cisco", Mode::shell, PromptStyle::cisco, Pager::cisco, "terminal length 0"},
       render::cisco_iosxe},
      {{"cisco-nxos", "Cisco", Mode::shell, PromptStyle::cisco, Pager::cisco, "terminal length 0"},
       render::cisco_nxos},
      {{"arista-eos", "Arista", Mode::exec, PromptStyle::eos, Pager::cisco, "terminal length 0"},
       render::arista_eos},
      {{"juniper-junos", "Juniper", Mode::shell, PromptStyle::junos, Pager::junos, "set cli screen-length 0"},
       render::juniper_junos},
      {{"sonic", "SONiC", Mode::exec, PromptStyle::unix, Pager::none, ""}, render::sonic},
      {{"opengear", "Opengear", Mode::exec, PromptStyle::unix, Pager::none, ""}, render::opengear},
      {{"generic-linux", "Generic", Mode::exec, PromptStyle::unix, Pager::none, ""}, render::generic_linux},
      {{"avocent-acs", "Vertiv", Mode::shell, PromptStyle::avocent, Pager::none, ""}, render::avocent_acs},
      {{"lantronix-slc", "Lantronix", Mode::shell, PromptStyle::slc, Pager::none, ""}, render::lantronix_slc},
      {{"digi-connect-it", "Digi", Mode::shell, PromptStyle::digi_dal, Pager::none, ""}, render::digi_connect_it},
      {{"digi-connectport", "Digi", Mode::shell, PromptStyle::netos, Pager::none, ""}, render::digi_connectport},
      {{"dell-os10", "Dell", Mode::shell, PromptStyle::cisco, Pager::cisco, "terminal length 0"}, render::dell_os10},
      {{"cumulus-nvue", "NVIDIA", Mode::exec, PromptStyle::unix, Pager::none, ""}, render::cumulus_nvue},
      {{"aruba-aoscx", "Aruba", Mode::shell, PromptStyle::cisco, Pager::cisco, "no page"}, render::aruba_aoscx},
      {{"cisco-iosxr", "Cisco", Mode::shell, PromptStyle::iosxr, Pager::cisco, "terminal length 0"},
       render::cisco_iosxr},
      // PDU management cards: their SSH servers give only an interactive CLI.
      {{"apc-nmc", "APC", Mode::shell, PromptStyle::apc, Pager::none, ""}, render::apc_nmc},
      {{"raritan-px", "Raritan", Mode::shell, PromptStyle::raritan, Pager::none, ""}, render::raritan_px},
      {{"servertech-pro2", "Server Technology", Mode::shell, PromptStyle::servertech, Pager::none, ""},
       render::servertech_pro2},
      {{"vertiv-geist", "Vertiv", Mode::shell, PromptStyle::geist, Pager::none, ""}, render::vertiv_geist},
  }};
  return entries;
}

const Entry* find_entry(std::string_view profile) {
  for (const auto& e : table()) {
    if (e.traits.name == profile) return &e;
  }
  return nullptr;
}

std::string first_word(std::string_view command) {
  const auto end = command.find(' ');
  return std::string(command.substr(0, end));
}

}  // namespace

const Traits* find_traits(std::string_view profile) {
  const Entry* e = find_entry(profile);
  return e == nullptr ? nullptr : &e->traits;
}

std::optional<std::string> render_command(const Traits& traits, const Facts& facts, std::string_view command) {
  const Entry* e = find_entry(traits.name);
  if (e == nullptr || render::refuses(facts, command)) return std::nullopt;
  return e->render(facts, command);
}

std::optional<std::string> builtin_command(const Traits& traits, std::string_view command) {
  if (traits.pager == Pager::junos) {
    if (command == "set cli screen-length 0") return std::string("Screen length set to 0\n");
    if (command == "set cli screen-width 0") return std::string("Screen width set to 0\n");
    return std::nullopt;
  }
  if (traits.pager == Pager::cisco) {
    if (command == "terminal length 0" || command.rfind("terminal width ", 0) == 0) return std::string();
  }
  if (!traits.paging_off.empty() && command == traits.paging_off) return std::string();  // AOS-CX "no page"
  return std::nullopt;
}

ExecResult run_exec(const Traits& traits, const Facts& facts, std::string_view command) {
  if (auto out = render_command(traits, facts, command)) return {*out, "", 0};
  if (auto out = builtin_command(traits, command)) return {*out, "", 0};
  if (traits.name == "generic-linux" && !render::refuses(facts, command)) {
    if (auto failed = render::generic_linux_failure(facts, command)) return {"", failed->err, failed->status};
  }
  ExecResult r;
  r.status = 127;
  if (traits.prompt == PromptStyle::unix) {
    r.err = "bash: line 1: " + first_word(command) + ": command not found\n";
  } else {
    r.err = invalid_command(traits, command, false, 0);
  }
  return r;
}

std::string banner(const Traits& traits, const Facts& facts, const std::string& user) {
  switch (traits.prompt) {
    case PromptStyle::cisco:
      if (traits.name == "cisco-nxos") {
        return "\nCisco Nexus Operating System (NX-OS) Software\nTAC support: http://www.cisco.com/tac\n"
               "Copyright (C) 2002-2023, Cisco and/or its affiliates.\nAll rights reserved.\n\n";
      }
      return "\n*****************************************************************\n"
             "* " + facts.hostname + ": authorized access only. All activity is logged.\n"
             "*****************************************************************\n\n";
    case PromptStyle::eos:
      return "Last login: Tue Mar 19 02:41:18 2024 from 10.10.0.5\n";
    case PromptStyle::junos:
      return "Last login: Tue Mar 19 02:41:18 2024 from 10.10.0.5\n--- JUNOS " + facts.version +
             " built 2023-06-27 21:35:58 UTC\n" + (user == "root" ? "" : "\n");
    case PromptStyle::avocent:
      if (user == "root") return "Last login: Tue Mar 19 02:41:18 2024 from 10.10.0.5\n";
      return "Welcome to " + facts.model + " " + facts.hostname + ".\nType help for more information\n";
    case PromptStyle::slc:
      return "Welcome to the Lantronix " + facts.model + "\nFirmware: version " + facts.version + "\n\n";
    case PromptStyle::digi_dal:
      return "\n" + facts.model + "\n\n  Serial Number: " + facts.serial + "\n\nType 'help' for a list of commands.\n\n";
    case PromptStyle::netos:
      return "\n";
    case PromptStyle::iosxr: return "\n";
    case PromptStyle::unix:
      return "Linux " + facts.hostname + " 5.10.0-23-2-amd64 #1 SMP Debian 5.10.179-3 x86_64\n\n"
             "Last login: Tue Mar 19 02:41:18 2024 from 10.10.0.5\n";
    case PromptStyle::apc:
    case PromptStyle::raritan:
    case PromptStyle::servertech:
    case PromptStyle::geist: return render::pdu_banner(traits.name, facts, user);
  }
  return {};
}

std::string prompt(const Traits& traits, const Facts& facts, const std::string& user, bool unix_shell) {
  switch (traits.prompt) {
    case PromptStyle::cisco: return facts.hostname + "#";
    case PromptStyle::eos: return facts.hostname + ">";
    case PromptStyle::iosxr: return "RP/0/RP0/CPU0:" + facts.hostname + "#";
    case PromptStyle::junos:
      if (unix_shell) return user + "@" + facts.hostname + ":RE:0% ";
      return user + "@" + facts.hostname + "> ";
    case PromptStyle::unix:
      return user + "@" + facts.hostname + (user == "root" ? ":~# " : ":~$ ");
    case PromptStyle::avocent:
      if (unix_shell) return "[root@" + facts.hostname + " ~]# ";
      return "--:- / cli-> ";
    case PromptStyle::slc: return "[" + user + "]> ";
    case PromptStyle::digi_dal: return facts.hostname + "> ";
    case PromptStyle::netos: return "#> ";
    case PromptStyle::apc: return "apc>";
    case PromptStyle::raritan: return user == "admin" ? "# " : "> ";
    case PromptStyle::servertech: return facts.get("cli_prompt", "Switched PDU:") + " ";
    case PromptStyle::geist: return user + "@" + facts.hostname + ">";
  }
  return "> ";
}

std::string invalid_command(const Traits& traits, std::string_view command, bool unix_shell, std::size_t column) {
  const std::string caret = std::string(column, ' ') + "^\n";
  switch (traits.prompt) {
    case PromptStyle::cisco:
    case PromptStyle::iosxr: return caret + "% Invalid input detected at '^' marker.\n\n";
    case PromptStyle::eos: return "% Invalid input\n";
    case PromptStyle::junos:
      if (unix_shell) return first_word(command) + ": Command not found.\n";
      return caret + "syntax error, expecting <command>.\n";
    case PromptStyle::unix: return "-bash: " + first_word(command) + ": command not found\n";
    case PromptStyle::avocent:
      if (unix_shell) return "-sh: " + first_word(command) + ": not found\n";
      return "Error: Invalid command: " + first_word(command) + "\n";
    case PromptStyle::slc: return "Invalid command: " + first_word(command) + "\n";
    case PromptStyle::digi_dal: return "error: invalid command '" + first_word(command) + "'\n";
    case PromptStyle::netos: return "unrecognized command: " + first_word(command) + "\n";
    case PromptStyle::apc: return "E101: Command Not Found\n";
    case PromptStyle::raritan:
      return "Unknown command '" + first_word(command) + "'. Type 'help' for a list of commands.\n";
    case PromptStyle::servertech: return "Invalid request\n";
    case PromptStyle::geist: return "Unknown command: " + first_word(command) + "\n";
  }
  return "error\n";
}

}  // namespace attest::lab
