// Force-included (g++ -include) into ../shared/bench/systemc-ring.cpp by tools/bench-ring.sh, so that the SystemC
// anchor is compiled from its unmodified source and still reports the process CPU time of its timed span.
// The source times sc_start with two std::chrono::steady_clock::now() calls; after this header those calls go to
// a clock that returns the same steady-clock time and also records the process CPU time (CLOCK_PROCESS_CPUTIME_ID)
// of the first two calls. At exit "cpu_seconds=C" (the CPU time between them) is written to standard error.
#include <chrono>
#include <cstdio>
#include <ctime>

namespace cimsim_bench {
struct CpuRecorder {
  double at[2] = {0, 0};
  int calls = 0;
  ~CpuRecorder() { if (calls >= 2) std::fprintf(stderr, "cpu_seconds=%.3f\n", at[1] - at[0]); }
};
inline CpuRecorder recorder;
struct steady_and_cpu_clock {
  using rep = std::chrono::steady_clock::rep;
  using period = std::chrono::steady_clock::period;
  using duration = std::chrono::steady_clock::duration;
  using time_point = std::chrono::steady_clock::time_point;
  static constexpr bool is_steady = true;
  static time_point now() noexcept {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    if (recorder.calls < 2) recorder.at[recorder.calls++] = ts.tv_sec + ts.tv_nsec * 1e-9;
    return std::chrono::steady_clock::now();
  }
};
}  // namespace cimsim_bench

namespace std::chrono { using cimsim_steady_and_cpu_clock = ::cimsim_bench::steady_and_cpu_clock; }
#define steady_clock cimsim_steady_and_cpu_clock
