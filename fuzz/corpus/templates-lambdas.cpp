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

extern "C" unsigned sleep(unsigned);
template <class T> task generic(T t) {
  [&] { [&] { sleep(t); }(); }();
  co_await task{};
}
template <int N> struct deep { static task run() { co_await deep<N - 1>::run(); } };
template <> struct deep<0> { static task run() { sleep(1); co_return; } };
auto lambda = [](int x) -> task { sleep(x); co_return; };
task use() {
  co_await generic(1);
  co_await generic(2u);
  co_await deep<5>::run();
  co_await lambda(3);
}
