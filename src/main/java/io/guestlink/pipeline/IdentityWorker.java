package io.guestlink.pipeline;

import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.IdentityQueue;
import io.guestlink.store.StoreException;
import io.guestlink.store.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Probabilistic linking of the profiles imports queued (link_queue), a few thousand per transaction, shortly after
 * they arrived: a timer route in routes/identity.camel.yaml calls {@link #drain}. Imports only queue, so matching never
 * slows a nightly file or a database feed; the queue is written in the import's own transaction, so no arrival is
 * forgotten, and a profile leaves the queue in the transaction that linked it.
 *
 * <p><b>Deterministic.</b> The same input gives the same clusters whatever the batch size, the worker's round size and
 * its timing: while an import (file, replay or poll) runs in this process the worker waits, so it never decides
 * against half a file; then it indexes everything queued (blocking keys and comparable records) before it decides
 * any of it, so every profile's candidates are the same whichever round decides it; and it decides the profiles in
 * the order of their stable keys (source keys, see {@link IdentityQueue#queuedInStableOrder}), each round the next
 * slice of that order, so the rounds together make the same decisions one after another as one round would.
 */
public final class IdentityWorker {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityWorker.class);

    private final Database db;
    private final IdentityQueue queue;
    private final GoldenRecords golden;
    private final int perTransaction;
    private final BooleanSupplier importing;
    private final ReentrantLock indexing = new ReentrantLock();
    /** The newest queue row whose profile the last index pass indexed (guarded by {@link #indexing}). */
    private long indexedThrough;

    public IdentityWorker(Database db, BatchWriter.ProfileLinker linker, GoldenRecords golden, BatchWriter writer, int perTransaction) {
        this(db, linker, golden, writer, perTransaction, () -> false);
    }

    /**
     * @param importing whether the worker should stop between rounds now: an import runs in this process (the worker
     *                  waits for it, see the class comment) or the application is stopping (the rest stays queued for
     *                  the next start, instead of holding the shutdown for as long as a night's profiles take)
     */
    public IdentityWorker(Database db, BatchWriter.ProfileLinker linker, GoldenRecords golden, BatchWriter writer, int perTransaction,
                          BooleanSupplier importing) {
        this.db = db;
        this.queue = new IdentityQueue(writer, linker);
        this.golden = golden;
        this.perTransaction = perTransaction;
        this.importing = importing;
    }

    /**
     * Links everything queued when it started, unless an import is running (then nothing: the next round after the
     * import links it); returns the number of requests linked.
     */
    public int drain() {
        if (importing.getAsBoolean()) return 0;
        long started = System.nanoTime();
        IdentityQueue.Queued queued;
        List<List<Long>> rounds = new ArrayList<>();
        // one drain indexes at a time; a drain that finds the queue indexed already (another one, e.g. the timer's, did
        // it and now decides) shares the deciding: both take the rounds in the same order, one transaction at a time
        indexing.lock();
        try {
            queued = db.inTransaction("ordering queued profiles", queue::queuedInStableOrder);
            for (int i = 0; i < queued.profiles().size(); i += perTransaction)
                rounds.add(queued.profiles().subList(i, Math.min(queued.profiles().size(), i + perTransaction)));
            if (queued.lastRow() > indexedThrough) {
                for (int i = 0; i < rounds.size(); i += INDEXED_TOGETHER) {
                    if (importing.getAsBoolean()) return 0; // indexed again, with what the import adds, after it
                    List<List<Long>> together = rounds.subList(i, Math.min(rounds.size(), i + INDEXED_TOGETHER));
                    queue.whileNoBatchResolves(() -> indexTogether(together));
                    db.analyseGrowth();
                }
                indexedThrough = queued.lastRow();
            }
        } finally {
            indexing.unlock();
        }
        // first the merges a document, e-mail or phone vouches for, over the whole queue: each guest holds its own
        // records (its passport, its e-mail) before any profile is weighed on names and birth dates against it, in
        // whichever round either falls (IncrementalLinker#mergeVouched)
        try {
            if (!roundByRound(rounds, "merging vouched profiles", (tx, round, ahead) -> {
                golden.recompute(tx, queue.mergeVouched(tx, new LinkedHashSet<>(round), ahead));
                return 0;
            }).complete()) return 0;
            int total = roundByRound(rounds, "linking queued profiles", (tx, round, ahead) -> {
                IdentityQueue.Claim claim = queue.claimQueued(tx, round, queued.lastRow());
                if (claim.size() == 0) return 0;
                Set<Long> affected = queue.linkIndexed(tx, claim.profiles(), ahead);
                golden.recompute(tx, affected);
                queue.done(tx, claim);
                return claim.size();
            }).total(); // an import that began stops it: the rest is indexed and decided again after the import
            if (total > 0) LOG.info("identity: linked {} queued profiles in {} ms", total, (System.nanoTime() - started) / 1_000_000);
            return total;
        } finally {
            queue.drained(); // what the linker kept for this drain (up to a few hundred MB) is not held until the next
        }
    }

    /** One round's work in its transaction, with what was read ahead for it (null: nothing). */
    private interface RoundWork {
        int run(Transaction tx, List<Long> round, BatchWriter.ProfileLinker.ReadAhead ahead);
    }

    /** The round works' counts summed, and whether every round ran (false: an import began). */
    private record Rounds(int total, boolean complete) {
    }

    /**
     * Runs {@code work} over the rounds in their order, each in its own transaction under the identity lock, while the
     * next round's candidates and records are read ahead on another connection (see
     * {@link BatchWriter.ProfileLinker#readAhead}); stops before a round when an import has begun.
     */
    private Rounds roundByRound(List<List<Long>> rounds, String what, RoundWork work) {
        int total = 0;
        CompletableFuture<BatchWriter.ProfileLinker.ReadAhead> next = rounds.isEmpty() ? null : readAhead(rounds.get(0));
        try {
            for (int i = 0; i < rounds.size(); i++) {
                List<Long> round = rounds.get(i);
                BatchWriter.ProfileLinker.ReadAhead ahead = aheadOf(next);
                next = null;
                if (importing.getAsBoolean()) return new Rounds(total, false);
                next = i + 1 < rounds.size() ? readAhead(rounds.get(i + 1)) : null;
                total += queue.whileNoBatchResolves(() -> db.inTransaction(what, tx -> work.run(tx, round, ahead)));
                db.analyseGrowth(); // blocking keys, match records and review pairs grow from nothing after a first import
            }
            return new Rounds(total, true);
        } finally {
            aheadOf(next); // not left running past the drain
        }
    }

    /**
     * Rounds of the index pass indexed at once, each in its own transaction on its own connection: indexing one round
     * (reading its source records and normalising its names in the JVM, then writing its keys in the database) does
     * not depend on another, and one round's JVM work overlaps the other's database work (on two cores, half the
     * pass's time). Two, so the pass takes one connection more than the worker alone.
     */
    static final int INDEXED_TOGETHER = 2;

    private Void indexTogether(List<List<Long>> rounds) {
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (List<Long> round : rounds.subList(1, rounds.size()))
            others.add(CompletableFuture.runAsync(() -> indexRound(round), INDEXING));
        RuntimeException failed = null;
        try {
            indexRound(rounds.get(0));
        } catch (RuntimeException e) {
            failed = e;
        }
        // every round ends before the identity lock is let go, each committed or rolled back on its own
        for (var f : others) {
            try {
                f.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failed == null) failed = cause;
                else failed.addSuppressed(cause);
            }
        }
        if (failed != null) throw failed;
        return null;
    }

    private void indexRound(List<Long> round) {
        db.inTransaction("indexing queued profiles", tx -> {
            queue.index(tx, new LinkedHashSet<>(round));
            return null;
        });
    }

    private CompletableFuture<BatchWriter.ProfileLinker.ReadAhead> readAhead(List<Long> round) {
        return CompletableFuture.supplyAsync(() -> db.inTransaction("reading ahead for linking",
                tx -> queue.readAhead(tx, new LinkedHashSet<>(round))), INDEXING);
    }

    /** What was read ahead, or null when nothing was or reading failed (the round then reads for itself). */
    private static BatchWriter.ProfileLinker.ReadAhead aheadOf(CompletableFuture<BatchWriter.ProfileLinker.ReadAhead> f) {
        if (f == null) return null;
        try {
            return f.join();
        } catch (CompletionException e) {
            LOG.info("identity: reading ahead for linking failed ({}); the round reads for itself", e.getCause().toString());
            return null;
        }
    }

    /** The second indexing thread (see {@link #INDEXED_TOGETHER}) and the read-ahead: daemons, idle between drains. */
    private static final java.util.concurrent.ExecutorService INDEXING = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "identity-indexing");
        t.setDaemon(true);
        return t;
    });

    /**
     * Links one arriving guest now, before the arrival rules look at them: the link requests queued for the cluster
     * of {@code profileId} (the profile of the arriving record) are claimed, linked with the same model, thresholds
     * and writes as a round of {@link #drain} (exact keys were resolved when the message was stored), golden rows
     * recomputed and the claim removed, in one transaction under the identity lock the worker and the import batches
     * share. Waits at most {@code budget} for that lock (and, on PostgreSQL, for rows another node's worker holds);
     * when it runs out, nothing is linked here: the requests stay queued, the worker links them in its next round, and
     * the merge makes the alert rules look at the arrival again.
     *
     * @return true when the guest was linked here or had nothing to link; false when the budget ran out or the store
     *         failed (the rules then evaluate the guest as stored)
     */
    public boolean linkArriving(long profileId, Duration budget) {
        // not held back by a running import: an arrival cannot wait for the night's file. Only the arriving guest's
        // own cluster is decided here, against what is indexed now; the file's profiles are indexed and decided
        // after the import, in their stable order, so the file's clusters still do not depend on this timing
        long deadline = System.nanoTime() + budget.toNanos();
        try {
            Set<Long> queued = db.inTransaction("reading an arriving guest's link requests", tx -> queue.queuedInCluster(tx, profileId));
            if (queued.isEmpty()) return true;
            Optional<Integer> linked = queue.whileNoBatchResolves(left(deadline), () -> db.inTransaction("linking an arriving guest", tx -> {
                IdentityQueue.Claim claim = queue.claimProfiles(tx, queued, left(deadline));
                if (claim.size() == 0) return 0; // the worker linked them meanwhile
                Set<Long> affected = queue.link(tx, claim.profiles());
                golden.recompute(tx, affected);
                queue.done(tx, claim);
                return claim.size();
            }));
            if (linked.isEmpty()) {
                LOG.info("identity: an arriving guest (profile {}) waited {} ms for an import batch; the identity worker links it "
                        + "and the arrival is evaluated again then", profileId, budget.toMillis());
                return false;
            }
            return true;
        } catch (StoreException e) {
            // a lock wait that ran out (PostgreSQL) or the store away: the requests stay queued for the worker
            LOG.info("identity: an arriving guest (profile {}) was not linked before the alert rules ({}); the identity worker "
                    + "links it and the arrival is evaluated again then", profileId, e.getMessage());
            return false;
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    public long queued() {
        return db.inTransaction("counting the link queue", queue::size);
    }
}
