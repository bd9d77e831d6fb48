// Loads an inventory with the gate's own loader (pins not required) and
// prints its devices, or the loader's error and exit 2.
#include <iostream>

#include "attest/config/inventory_loader.hpp"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  auto inv = attest::load_inventory(argv[1], false);
  if (!inv) {
    std::cerr << inv.error().message << "\n";
    return 2;
  }
  for (const auto& d : inv->devices) std::cout << d.rack << " " << d.name << " " << d.profile << " " << d.address << "\n";
  return 0;
}
