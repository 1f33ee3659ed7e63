// unblock --fix turns this into the "after" file.
#include <unblock/unblock.hpp>

#include <iostream>
#include <string>

unblock::task<std::size_t> ask_name() {
  std::string name;
  std::cout << "name? ";
  std::cin >> name;
  co_return name.size();
}

int main() { return unblock::run(ask_name()) > 0 ? 0 : 1; }
