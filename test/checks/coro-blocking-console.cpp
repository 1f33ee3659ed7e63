// RUN: %check_coro %s coro-blocking-console %t -- -I%S/Inputs

#include "task.h"
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>

demo::task<> prompt() {
  std::string name;
  std::cin >> name;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::operator>>' inside coroutine 'prompt'; it stalls every coroutine on this thread [coro-blocking-console]
  int age = 0;
  std::cin >> age;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::operator>>'
  std::cin >> name >> age;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::operator>>'
  // CHECK-MESSAGES: :[[@LINE-2]]:20: warning: blocking call to 'std::basic_istream::operator>>'
  std::getline(std::cin, name);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline'
  std::cin.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::get'
  char line[80];
  std::cin.getline(line, sizeof line);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::getline'
  getchar();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getchar'
  scanf("%d", &age);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'scanf'
  fgets(line, sizeof line, stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fgets'
  getc(stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getc'
  read(STDIN_FILENO, line, sizeof line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
  char *buf = nullptr;
  size_t cap = 0;
  getline(&buf, &cap, stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getline'
  // Writing to the terminal and reading strings in memory do not wait.
  std::cout << name << '\n';
  std::cerr << age;
  printf("%s\n", line);
  std::istringstream in("42");
  in >> age;
  std::getline(in, name);
  co_return;
}

// Not a coroutine.
int ask() {
  int v = 0;
  std::cin >> v;
  return v;
}
