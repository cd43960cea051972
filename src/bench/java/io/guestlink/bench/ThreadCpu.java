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
    private final Map<String, Double> internalAtStart = internal();
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

    /**
     * CPU seconds since this meter started of the JVM's own threads, which {@link ThreadMXBean} does not list: the JIT
     * compilers ("JIT") and the garbage collector ("GC": its workers, G1's concurrent and refinement threads, and the VM
     * thread, which runs the pauses), read from /proc/self/task on Linux; empty elsewhere. These threads live as long as
     * the JVM, so reading them at the end misses nothing.
     */
    Map<String, Double> internalSeconds() {
        Map<String, Double> now = internal();
        Map<String, Double> out = new TreeMap<>();
        now.forEach((g, s) -> out.put(g, s - internalAtStart.getOrDefault(g, 0.0)));
        return out;
    }

    /** Seconds per group of the JVM's own threads, from their names in /proc (C2/C1 CompilerThread, GC and G1 threads). */
    private static Map<String, Double> internal() {
        Map<String, Double> out = new TreeMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) return out;
        try (var dirs = java.nio.file.Files.list(tasks)) {
            for (var dir : (Iterable<java.nio.file.Path>) dirs::iterator) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(dir.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue; // the thread ended between the listing and the read
                }
                // pid (comm) state ...: comm may hold spaces, so the fields are counted from its closing parenthesis
                int open = stat.indexOf('('), close = stat.lastIndexOf(')');
                String comm = stat.substring(open + 1, close);
                String g = comm.contains("CompilerThre") ? "JIT"
                        : comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread") ? "GC" : null;
                if (g == null) continue;
                String[] f = stat.substring(close + 2).split(" ");
                // fields 14 and 15 (utime, stime) of proc(5), here at 11 and 12 after pid and comm; in clock ticks of 1/100 s
                double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                out.merge(g, seconds, Double::sum);
            }
        } catch (java.io.IOException | RuntimeException e) {
            return new TreeMap<>(); // not Linux as expected: the split is left out, the whole-JVM figure stays
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
