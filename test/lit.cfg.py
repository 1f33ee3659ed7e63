# lit configuration for unblock's check, tool and fix-it tests.
import os

import lit.formats

config.name = "unblock"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "runtime", "tools", "lit.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.unblock_binary_dir, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.unblock_llvm_tools, config.environment.get("PATH", os.environ["PATH"])])
for var in ("HOME", "TMPDIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

runner = os.path.join(config.test_source_root, "tools", "check-coro.py")
common = "--tool %s --clang-tidy %s --plugin %s" % (
    config.unblock_tool, config.unblock_clang_tidy, config.unblock_plugin)

# unblock-clangd (tool/clangd), when it was built; UNBLOCK_CLANGD=<path> tests
# another one, e.g. an installed bin/unblock-clangd. Before %unblock, which
# is a prefix of its name.
unblock_clangd = os.environ.get(
    "UNBLOCK_CLANGD", os.path.join(config.unblock_binary_dir, "bin", "unblock-clangd"))
if os.path.isfile(unblock_clangd) and os.access(unblock_clangd, os.X_OK):
    config.available_features.add("unblock-clangd")
config.substitutions.append(("%unblock_clangd", unblock_clangd))

config.substitutions.append(
    ("%check_coro", "%s %s %s" % (config.python_executable, runner, common)))
config.substitutions.append(("%unblock", config.unblock_tool))
config.substitutions.append(("%clang_tidy", config.unblock_clang_tidy))
config.substitutions.append(("%plugin", config.unblock_plugin))
config.substitutions.append(("%clangxx", config.unblock_clangxx))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%srcroot", config.unblock_source_dir))
config.substitutions.append(
    ("%runtime_include", os.path.join(config.unblock_source_dir, "runtime", "include")))
# A runtime archive followed by what it needs at link time (liburing when the
# io_uring backend is built, -pthread).
def runtime_link(lib):
    return " ".join([lib] + config.unblock_runtime_link_deps) if lib else ""
config.substitutions.append(("%runtime_lib", runtime_link(config.unblock_runtime_lib)))
# unblock::runtime_checked, built when the compiler has -fsanitize=realtime
# (Clang 20 or later): the checked-mode tests (test/runtime-checks) need it.
if config.unblock_runtime_checked_lib:
    config.available_features.add("runtime-checked")
config.substitutions.append(
    ("%runtime_checked_lib", runtime_link(config.unblock_runtime_checked_lib)))
config.substitutions.append(
    ("%rtsan_supp", os.path.join(config.unblock_source_dir, "runtime", "rtsan.supp")))

config.available_features.add("llvm-" + config.unblock_llvm_major)
if int(config.unblock_llvm_major) >= 20:
    config.available_features.add("clang-effects")
# Standalone Asio (libasio-dev), for the asio runtime profile's tests. Asio
# 1.22 enables its C++20 coroutines under clang only with -DASIO_HAS_CO_AWAIT.
if os.path.exists("/usr/include/asio.hpp"):
    config.available_features.add("asio")
# Boost.Asio (libboost1.81-dev), for the boost-asio profile's tests; the same
# flag enables its coroutines under clang.
if os.path.exists("/usr/include/boost/asio.hpp"):
    config.available_features.add("boost-asio")
