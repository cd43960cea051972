package io.guestlink.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * CPU seconds of this JVM's threads, grouped by what they are (a poll's reader, its writer), sampled every 100 ms so
 * that a thread that ends before the measurement does (an importer's reader) is counted up to its last sample: at
 * most 100 ms of its time is missed. With {@link CpuMeter}'s whole-JVM figure, what is left is the JIT compiler, the
 * garbage collector and the rest. CPU time, unlike wall time, hardly moves when the two halves of an import overlap
 * differently from run to run, so it is what tells two builds apart.
 */
final class ThreadCpu implements AutoCloseable {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Function<String, String> group;
    private final Map<Long, Long> start = new HashMap<>();
    private final Map<Long, Long> last = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** @param group a thread's name to its group, or null to leave it out */
    ThreadCpu(Function<String, String> group) {
        this.group = group;
        sample(start);
        this.sampler = new Thread(() -> {
            while (running) {
                synchronized (this) {
                    sample(last);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-thread-cpu");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample(Map<Long, Long> into) {
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || group.apply(t.getThreadName()) == null) continue;
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu < 0) continue;
            into.put(t.getThreadId(), cpu);
            names.putIfAbsent(t.getThreadId(), t.getThreadName());
        }
    }

    /** Seconds per group since this meter started. */
    synchronized Map<String, Double> seconds() {
        sample(last);
        Map<String, Double> out = new TreeMap<>();
        last.forEach((id, cpu) -> out.merge(group.apply(names.get(id)), (cpu - start.getOrDefault(id, 0L)) / 1e9, Double::sum));
        return out;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
