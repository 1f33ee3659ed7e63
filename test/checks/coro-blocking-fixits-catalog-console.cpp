// The fix-it of every catalog row that coro-blocking-console reports: one call
// per row, with its diagnostic and the rewrite that the row names
// (checks/catalog/blocking-functions.def); a row without one keeps its call
// and gets a note. test/checks/coro-blocking-fixits.cpp shows each kind of
// rewrite in context.
// RUN: %check_coro --config="{CheckOptions: {RuntimeByType: 'demo::task=unblock'}}" %s 'coro-blocking-console' %t -- -I%S/Inputs

#include "fixits-catalog-apis.h"
#include "task.h"
#include <cstdarg>
#include <cstdio>
#include <cwchar>
#include <iostream>
#include <string>
#include <unistd.h>
// CHECK-FIXES: #include <unblock/unblock.hpp>

demo::task<> prompts(va_list args) {
  char buf[64];
  std::string text;
  int number = 0;
  char *lineptr = nullptr;
  size_t cap = 0;
  ssize_t n = read(0, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'read'
  // CHECK-FIXES: {{^}}  ssize_t n = co_await unblock::read(0, buf, sizeof buf);
  fgets(buf, sizeof buf, stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fgets'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fgets(buf, sizeof buf, stdin); });
  int c = fgetc(stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'fgetc'
  // CHECK-FIXES: {{^}}  int c = co_await unblock::offload([&] { return fgetc(stdin); });
  getc(stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getc'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { getc(stdin); });
  fscanf(stdin, "%d", &number);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'fscanf'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { fscanf(stdin, "%d", &number); });
  std::getline(std::cin, text);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::getline(std::cin, text); });
  std::cin >> text;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::operator>>'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::cin >> text; });
  std::cin >> number;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::operator>>'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::cin >> number; });
  std::cin.read(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::read'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::cin.read(buf, sizeof buf); });
  std::cin.getline(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::getline'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::cin.getline(buf, sizeof buf); });
  c = std::cin.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'std::basic_istream::get'
  // CHECK-FIXES: {{^}}  c = co_await unblock::offload([&] { return std::cin.get(); });
  std::cin.ignore();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::ignore'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { std::cin.ignore(); });
  c = std::cin.peek();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking call to 'std::basic_istream::peek'
  // CHECK-FIXES: {{^}}  c = co_await unblock::offload([&] { return std::cin.peek(); });
  c = getchar();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'getchar'
  // CHECK-FIXES: {{^}}  c = co_await unblock::offload([&] { return getchar(); });
  wint_t wc = getwchar();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'getwchar'
  // CHECK-FIXES: {{^}}  wint_t wc = co_await unblock::offload([&] { return getwchar(); });
  int got = scanf("%d", &number);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'scanf'
  // CHECK-FIXES: {{^}}  int got = co_await unblock::offload([&] { return scanf("%d", &number); });
  wscanf(L"%d", &number);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'wscanf'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { wscanf(L"%d", &number); });
  vscanf("%d", args);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'vscanf'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { vscanf("%d", args); });
  gets(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'gets'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { gets(buf); });
  getline(&lineptr, &cap, stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getline'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { getline(&lineptr, &cap, stdin); });
  getdelim(&lineptr, &cap, ',', stdin);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getdelim'
  // CHECK-FIXES: {{^}}  co_await unblock::offload([&] { getdelim(&lineptr, &cap, ',', stdin); });
  char *pw = getpass("password: ");
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'getpass'
  // CHECK-FIXES: {{^}}  char *pw = co_await unblock::offload([&] { return getpass("password: "); });
  char *answer = readline("> ");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: blocking call to 'readline'
  // CHECK-FIXES: {{^}}  char *answer = co_await unblock::offload([&] { return readline("> "); });
  (void)n;
  (void)c;
  (void)wc;
  (void)got;
  (void)pw;
  (void)answer;
  co_return;
}
