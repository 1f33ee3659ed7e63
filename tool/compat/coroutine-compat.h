/* Read by the unblock tool before every file it analyses (-include).

   Asio up to 1.22 and Boost.Asio up to 1.80 turn their C++20 coroutine
   support (awaitable, co_spawn, use_awaitable) on under clang only when the
   Coroutines TS macro __cpp_coroutines is defined, which clang no longer
   defines in C++20 mode; GCC builds get it from __cpp_impl_coroutine. Code
   that GCC compiles would then not parse here, and its coroutines would go
   unchecked. Later releases test __cpp_impl_coroutine under clang as well;
   this does the same for the older ones. A definition or an
   ASIO_DISABLE_CO_AWAIT given on the command line wins. */
#if defined(__clang__) && defined(__cplusplus) && \
    defined(__cpp_impl_coroutine) && __cpp_impl_coroutine >= 201902L
#if __has_include(<coroutine>)
#if !defined(ASIO_HAS_CO_AWAIT) && !defined(ASIO_DISABLE_CO_AWAIT)
#define ASIO_HAS_CO_AWAIT 1
#endif
#if !defined(BOOST_ASIO_HAS_CO_AWAIT) && !defined(BOOST_ASIO_DISABLE_CO_AWAIT)
#define BOOST_ASIO_HAS_CO_AWAIT 1
#endif
#endif
#endif
