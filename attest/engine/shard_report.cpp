#include "attest/engine/shard_report.hpp"

#include <set>

#include "attest/config/json_reader.hpp"
#include "attest/engine/report.hpp"
#include "attest/util/clock.hpp"

namespace attest {
namespace {

constexpr int kMaxRackDevices = 1000000;

class ShardReportReader {
 public:
  explicit ShardReportReader(ShardReport& out) : out_(out) {}

  void read(JsonReader& root) {
    root.constant("schema", kReportSchema);
    if (!root.ok()) return;
    if (root.is_null("shard")) {
      return root.fail("shard", "null: not a shard report (written by `attest rack --shard I/N`)");
    }
    if (!root.is_null("shards")) return root.fail("shards", "a merged report: merge shard reports, not site reports");
    bool partial = true;
    if (!root.has("partial")) return root.fail("partial", "missing");
    root.boolean("partial", partial);
    if (root.ok() && partial) return root.fail("partial", "true: an interrupted shard; run it again");
    root.string("site", out_.site, true, true);
    root.object("tool", {"name", "version", "git_commit", "libssh2"}, true, [](JsonReader& t) {
      std::string version;
      t.string("version", version);
    });
    root.object("inventory", {"path", "sha256"}, true, [](JsonReader& inv) {
      std::string sha256;
      inv.string("sha256", sha256);
    });
    root.object("golden_db", {"dir", "signed", "manifest_sha256", "key_id", "signed_at", "files"}, true,
                [&](JsonReader& db) { read_db(db); });
    root.string("started", out_.started);
    root.string("finished", out_.finished);
    check_time(root, "started", out_.started);
    check_time(root, "finished", out_.finished);
    root.object("shard", {"index", "count", "rule", "assignment"}, true, [&](JsonReader& s) { read_shard(s); });
    root.objects("racks", {"name", "height_u"}, true, true,
                 [&](JsonReader& r, std::size_t) { out_.racks.push_back(read_name(r)); });
    root.objects("devices",
                 {"name", "verdict", "rack", "mount", "position_u", "height_u", "role", "profile", "transport", "address",
                  "port", "expected", "findings", "evidence"},
                 true, true, [&](JsonReader& d, std::size_t) { read_device(d); });
  }

 private:
  // Only a signed DB has a manifest digest: without one, nothing shows that
  // every shard checked against the same rules.
  static void read_db(JsonReader& db) {
    bool is_signed = false;
    if (!db.has("signed")) return db.fail("signed", "missing");
    db.boolean("signed", is_signed);
    if (db.ok() && !is_signed) {
      db.fail("signed", "false: the shard ran with an unsigned golden DB (--allow-unsigned-db); nothing shows the "
                        "shards used the same DB");
    }
    std::string manifest;
    db.string("manifest_sha256", manifest);
  }

  static void check_time(JsonReader& root, std::string_view key, const std::string& value) {
    if (root.ok() && !parse_rfc3339_utc(value)) root.fail(key, "not an RFC 3339 UTC time");
  }

  static std::string read_name(JsonReader& r) {
    std::string name;
    r.name("name", name);
    return name;
  }

  void read_shard(JsonReader& s) {
    s.integer("index", out_.shard.spec.index, 0, kMaxShards - 1);
    s.integer("count", out_.shard.spec.count, 1, kMaxShards);
    s.string("rule", out_.rule);
    if (s.ok() && out_.shard.spec.index >= out_.shard.spec.count) {
      s.fail("index", "must be below count " + std::to_string(out_.shard.spec.count));
    }
    std::set<std::string> seen;
    s.objects("assignment", {"rack", "devices", "shard"}, true, true, [&](JsonReader& a, std::size_t) {
      RackShare share;
      int devices = 0;
      a.name("rack", share.rack);
      a.integer("devices", devices, 0, kMaxRackDevices);
      a.integer("shard", share.shard, 0, out_.shard.spec.count - 1);
      share.devices = static_cast<std::size_t>(devices);
      if (a.ok() && !seen.insert(share.rack).second) a.fail("rack", "rack '" + share.rack + "' assigned twice");
      out_.shard.assignment.push_back(std::move(share));
    });
  }

  void read_device(JsonReader& d) {
    ShardDevice device;
    d.name("name", device.name);
    d.name("rack", device.rack);
    d.string("verdict", device.verdict);
    if (d.ok() && device.verdict != "pass" && device.verdict != "fail" && device.verdict != "error") {
      d.fail("verdict", "'" + device.verdict + "': expected pass, fail or error");
    }
    out_.devices.push_back(std::move(device));
  }

  ShardReport& out_;
};

}  // namespace

Result<ShardReport> read_shard_report(ShardReportInput input) {
  auto doc = parse_json_text(input.text, input.path);
  if (!doc) return doc.error();
  ShardReport out;
  ReadContext ctx(input.path);
  // Every member report_to_json writes: an unknown one means a report this
  // version of attest did not write, and its meaning cannot be merged.
  JsonReader root(ctx, *doc, "",
                  {"schema", "tool", "site", "operator", "host", "inventory", "golden_db", "enrollments", "signature",
                   "ledger", "warnings", "started", "finished", "partial", "racks", "selection", "attempt_journal",
                   "shard", "shards", "controls", "waivers", "summary", "devices"});
  if (root.ok()) ShardReportReader(out).read(root);
  if (ctx.error) return *ctx.error;
  out.doc = std::move(doc).value();
  out.input = std::move(input);
  return out;
}

}  // namespace attest
