package io.guestlink.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Heap use during one import, three ways:
 * <ul>
 *   <li>{@link #poolPeakSum()}: the sum over the HEAP memory pools of their peak usage since the start
 *       ({@code MemoryPoolMXBean.getPeakUsage()}, reset with {@code resetPeakUsage()}). The pools peak at different
 *       moments (eden just before a collection, old gen after a promotion), so the sum is an upper bound and can
 *       exceed -Xmx.</li>
 *   <li>{@link #heapPeak()}: the largest total heap in use, taken from every GC notification's usage before the
 *       collection (the moment the heap is fullest) and the usage at the end. Never above -Xmx.</li>
 *   <li>{@link #oldGenPeak()}: the old generation's peak: what the import keeps alive long enough to be promoted.
 *       A streaming import keeps it flat whatever the file size.</li>
 * </ul>
 */
final class HeapMeter implements AutoCloseable {
    private final Set<String> heapPools;
    private final AtomicLong maxBeforeGc = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;

    private HeapMeter() {
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    }

    /** Collects (so earlier work does not count), resets the pool peaks and starts listening to collections. */
    static HeapMeter start() {
        System.gc();
        HeapMeter m = new HeapMeter();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(m.listener, null, null);
                m.emitters.add(e);
            }
        }
        return m;
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (heapPools.contains(e.getKey())) used += e.getValue().getUsed();
        }
        maxBeforeGc.accumulateAndGet(used, Math::max);
    }

    long poolPeakSum() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage peak = p.getPeakUsage();
            if (p.getType() == MemoryType.HEAP && peak != null) sum += peak.getUsed();
        }
        return sum;
    }

    long heapPeak() {
        return Math.max(maxBeforeGc.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    long oldGenPeak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            String n = p.getName();
            MemoryUsage peak = p.getPeakUsage();
            if (p.getType() == MemoryType.HEAP && (n.contains("Old") || n.contains("Tenured")) && peak != null) sum += peak.getUsed();
        }
        return sum;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }
}
