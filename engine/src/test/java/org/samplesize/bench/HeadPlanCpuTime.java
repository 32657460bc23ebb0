package org.samplesize.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.samplesize.train.Backend;
import org.samplesize.train.HeadOptions;
import org.samplesize.train.HeadResult;
import org.samplesize.train.cpu.CpuBackend;

/**
 * Times the recipe's head plan (20 models, 10 epochs, no early stopping) on a shared machine, where
 * wall-clock figures are noisy: per round the wall time, the CPU time of the application threads
 * (ThreadMXBean, the training itself) and of the whole process (adds the JIT compilers and GC),
 * plus a hash of all trained weights, validation AUCs and test metrics, which must not change when
 * the kernels change. Round 1 is the cold run (a fresh JVM, as {@code samplesize run} trains once);
 * the last rounds are warm. The hash follows OpenBLAS' kernels, so the CPU: on the AVX-512 AMD EPYC
 * the golden numbers were recorded on it is {@code 3959a061e8db2816} with patience 10 and {@code
 * b25a357f6036652c} with patience 3 (the recipe's early stopping), on an AVX2 AMD EPYC {@code
 * 38efea5f649268b5} and {@code b5e2df5e046f031e}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp engine/target/test-classes:engine/target/classes:'engine/target/lib/*' \
 *     org.samplesize.bench.HeadPlanCpuTime [rounds=8] [threads=2] [patience=10]
 * </pre>
 */
public final class HeadPlanCpuTime {
  private HeadPlanCpuTime() {}

  /**
   * @param args rounds, threads, patience
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int patience = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    HeadBenchmark.Plan plan = HeadBenchmark.recipePlan(20, 42);
    HeadOptions options = HeadOptions.recipe().withThreads(threads).withPatience(patience);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (Backend backend = new CpuBackend(threads)) {
      for (int r = 1; r <= rounds; r++) {
        long app0 = appCpu(mx);
        long proc0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<HeadResult> results = HeadBenchmark.run(plan, options, backend);
        long wall = System.nanoTime() - t0;
        long app = appCpu(mx) - app0;
        long proc = os.getProcessCpuTime() - proc0;
        long hash = 17;
        for (HeadResult h : results) {
          for (float w : h.weights()) {
            hash = hash * 31 + Float.floatToRawIntBits(w);
          }
          for (float b : h.bias()) {
            hash = hash * 31 + Float.floatToRawIntBits(b);
          }
          hash = hash * 31 + Double.hashCode(h.bestValAuc());
          hash = hash * 31 + h.bestEpoch();
          hash = hash * 31 + Double.hashCode(h.test().loss());
          hash = hash * 31 + Double.hashCode(h.test().kerasAuc());
          hash = hash * 31 + Double.hashCode(h.test().rocAuc());
          hash = hash * 31 + java.util.Arrays.deepHashCode(h.test().confusion());
        }
        System.out.printf(
            "round %d: wall %.3f s  app-thread cpu %.3f s  process cpu %.3f s  results %016x%n",
            r, wall / 1e9, app / 1e9, proc / 1e9, hash);
      }
    }
  }

  /** CPU time of all live application threads (the pool's workers persist across rounds). */
  private static long appCpu(ThreadMXBean mx) {
    long sum = 0;
    for (long id : mx.getAllThreadIds()) {
      long t = mx.getThreadCpuTime(id);
      if (t > 0) {
        sum += t;
      }
    }
    return sum;
  }
}
