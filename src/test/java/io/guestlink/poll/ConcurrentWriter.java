package io.guestlink.poll;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PMS at work while GuestLink polls it: writer threads (one per 150 changes/s asked) that insert new reservations
 * and change existing ones (status,
 * room, rate; updated_at = the database's now; processed flag cleared) at a target rate, each change in its own
 * transaction. Every {@code lateEvery}-th change is a long transaction instead: it stamps the row, then sleeps
 * {@code lateMillis} before COMMIT, so the row becomes visible with an older timestamp than rows committed after it.
 *
 * <p>Every change is recorded with its values, its updated_at (read back inside its transaction) and the moment its
 * COMMIT returned. Rates are unique per change ({@code 10000.00 + seq / 100}), so a change can be recognised in the
 * store by its rate alone.
 */
public final class ConcurrentWriter implements AutoCloseable {
    /** One committed change. {@code commitNanos} is System.nanoTime() right after COMMIT returned. */
    public record Change(long seq, long resId, boolean insert, boolean late, String status, String roomNo, BigDecimal rate,
                         LocalDateTime updatedAt, long commitNanos, Instant committedAt) {
    }

    private final LegacyPms pms;
    private final double perSecond;
    private final int lateEvery;
    private final long lateMillis;
    private final double insertShare;
    /** The reservations there before the start: what updates change (a row inserted meanwhile may not be committed). */
    private final long existing;
    private final AtomicLong nextId;
    private final AtomicLong seq = new AtomicLong();
    private final SplittableRandom random;
    private final int threads;
    private final List<Change> changes = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    private final Set<Long> inFlightLate = ConcurrentHashMap.newKeySet();
    private final ExecutorService late;
    private volatile boolean running;
    private final List<Thread> workers = new ArrayList<>();

    /**
     * @param perSecond   target changes per second (inserts and updates together)
     * @param insertShare share of changes that insert a new reservation (0..1)
     * @param lateEvery   every n-th change is a late commit; 0 for none
     * @param lateMillis  how long a late transaction sleeps before COMMIT
     */
    public ConcurrentWriter(LegacyPms pms, double perSecond, double insertShare, int lateEvery, long lateMillis, long seed) throws SQLException {
        this.pms = pms;
        this.perSecond = perSecond;
        this.insertShare = insertShare;
        this.lateEvery = lateEvery;
        this.lateMillis = lateMillis;
        this.existing = pms.maxId();
        this.nextId = new AtomicLong(existing);
        this.random = new SplittableRandom(seed);
        // one connection commits a few hundred changes a second (a commit waits for the legacy database's log flush):
        // more writers, each with its own share of the rate and of the rows, so no two change the same row at once and
        // a row's changes commit in the order of their sequence numbers
        this.threads = (int) Math.max(1, Math.min(Math.ceil(perSecond / PER_WRITER), Math.max(1, existing)));
        // late transactions in flight at once: their rate times how long each stays open, and some room
        int lateThreads = lateEvery <= 0 ? 1 : (int) Math.ceil(perSecond / lateEvery * (lateMillis / 1000.0 + 1)) + 2;
        this.late = Executors.newFixedThreadPool(Math.max(4, lateThreads), r -> {
            Thread t = new Thread(r, "legacy-late-commit");
            t.setDaemon(true);
            return t;
        });
    }

    /** Changes one writer connection is asked for per second. */
    static final double PER_WRITER = 150;

    public synchronized ConcurrentWriter start() {
        if (!workers.isEmpty()) throw new IllegalStateException("already started");
        running = true;
        long started = System.nanoTime();
        for (int k = 0; k < threads; k++) {
            int part = k;
            SplittableRandom r = random.split();
            Thread t = new Thread(() -> run(part, r, started), "legacy-pms-writer-" + k);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
        return this;
    }

    /** Writer {@code part}: its share of the rate, updates only to rows whose id modulo the writers is its own. */
    private void run(int part, SplittableRandom random, long started) {
        double rate = perSecond / threads;
        long n = 0;
        try (Connection c = pms.connect()) {
            c.setAutoCommit(false);
            while (running) {
                long due = started + (long) ((n + (double) part / threads) * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                if (!running) break;
                n++;
                boolean insert = random.nextDouble() < insertShare;
                long id = insert ? nextId.incrementAndGet() : pickExisting(part, random);
                long s = seq.incrementAndGet();
                String status = LegacyPms.STATUS[random.nextInt(LegacyPms.STATUS.length)];
                String room = String.valueOf(100 + random.nextInt(900));
                BigDecimal changed = BigDecimal.valueOf(1_000_000 + s, 2);
                if (!insert && lateEvery > 0 && s % lateEvery == 0) {
                    inFlightLate.add(id);
                    late.submit(() -> lateChange(s, id, status, room, changed));
                    continue;
                }
                try {
                    if (insert) pms.insert(c, id, status, room, changed, null);
                    else if (pms.update(c, id, status, room, changed, null) != 1) throw new IllegalStateException("no reservation " + id);
                    LocalDateTime stamp = pms.updatedAt(c, id);
                    c.commit();
                    changes.add(new Change(s, id, insert, false, status, room, changed, stamp, System.nanoTime(), Instant.now()));
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    errors.add(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            errors.add(e);
        }
    }

    /** An existing reservation of this writer's share that no late transaction holds (no waiting on its row lock). */
    private long pickExisting(int part, SplittableRandom random) {
        long inPart = Math.max(1, (existing - 1 - part) / threads + 1); // ids part+1, part+1+threads, ... up to existing
        for (int i = 0; i < 100; i++) {
            long id = 1 + part + threads * random.nextLong(inPart);
            if (!inFlightLate.contains(id)) return id;
        }
        throw new IllegalStateException("no free reservation to change");
    }

    private void lateChange(long s, long id, String status, String room, BigDecimal rate) {
        try (Connection c = pms.connect()) {
            c.setAutoCommit(false);
            try {
                if (pms.update(c, id, status, room, rate, null) != 1) throw new IllegalStateException("no reservation " + id);
                LocalDateTime stamp = pms.updatedAt(c, id);
                Thread.sleep(lateMillis);
                c.commit();
                changes.add(new Change(s, id, false, true, status, room, rate, stamp, System.nanoTime(), Instant.now()));
            } catch (SQLException | RuntimeException | InterruptedException e) {
                c.rollback();
                errors.add(e);
            }
        } catch (SQLException e) {
            errors.add(e);
        } finally {
            inFlightLate.remove(id);
        }
    }

    /** Stops writing; waits for the running change and for the late transactions to commit. */
    public synchronized void stop() throws InterruptedException {
        running = false;
        for (Thread t : workers) t.join(30_000);
        late.shutdown();
        if (!late.awaitTermination(lateMillis + 30_000, TimeUnit.MILLISECONDS)) errors.add(new IllegalStateException("late commits still running"));
    }

    /** The changes committed since the first {@code from} ones, in the order they were recorded (nearly commit order). */
    public List<Change> changesFrom(int from) {
        synchronized (changes) {
            return from >= changes.size() ? List.of() : new ArrayList<>(changes.subList(from, changes.size()));
        }
    }

    /** How many writer connections share the rate. */
    public int writers() {
        return threads;
    }

    /** The committed changes so far, in commit order. */
    public List<Change> changes() {
        synchronized (changes) {
            List<Change> out = new ArrayList<>(changes);
            out.sort((a, b) -> Long.compare(a.commitNanos(), b.commitNanos()));
            return out;
        }
    }

    public List<Throwable> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** The highest res_id in use (generated rows and inserts). */
    public long maxId() {
        return nextId.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
