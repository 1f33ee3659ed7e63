namespace std {
template <class R, class... A> struct coroutine_traits {
  using promise_type = typename R::promise_type;
};
template <class P = void> struct coroutine_handle {
  static coroutine_handle from_address(void *) noexcept;
  static coroutine_handle from_promise(P &) noexcept;
  void *address() const noexcept;
  operator coroutine_handle<>() const noexcept;
  P &promise() const;
};
template <> struct coroutine_handle<void> {
  static coroutine_handle from_address(void *) noexcept;
  void *address() const noexcept;
};
struct suspend_always {
  bool await_ready() const noexcept { return false; }
  void await_suspend(coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
struct suspend_never {
  bool await_ready() const noexcept { return true; }
  void await_suspend(coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
} // namespace std

struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

struct FILE;
extern "C" FILE *fopen(const char *, const char *);
extern "C" unsigned long fread(void *, unsigned long, unsigned long, FILE *);
extern "C" int open(const char *, int, ...);
extern "C" long read(int, void *, unsigned long);
task load(const char *path) {
  char buf[16];
  FILE *f = fopen(path, "r");
  fread(buf, 1, sizeof buf, f);
  int fd = open(path, 0);
  read(fd, buf, 4);
  co_return;
}
