package io.guestlink.pipeline;

import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.IdentityQueue;
import io.guestlink.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /** @param importing whether an import runs in this process now: the worker then waits (see the class comment) */
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
                for (List<Long> round : rounds) {
                    if (importing.getAsBoolean()) return 0; // indexed again, with what the import adds, after it
                    queue.whileNoBatchResolves(() -> db.inTransaction("indexing queued profiles", tx -> {
                        queue.index(tx, new LinkedHashSet<>(round));
                        return null;
                    }));
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
        for (List<Long> round : rounds) {
            if (importing.getAsBoolean()) return 0;
            queue.whileNoBatchResolves(() -> db.inTransaction("merging vouched profiles", tx -> {
                golden.recompute(tx, queue.mergeVouched(tx, new LinkedHashSet<>(round)));
                return null;
            }));
        }
        int total = 0;
        for (List<Long> round : rounds) {
            if (importing.getAsBoolean()) break; // the rest is indexed and decided again after the import
            total += queue.whileNoBatchResolves(() -> db.inTransaction("linking queued profiles", tx -> {
                IdentityQueue.Claim claim = queue.claimQueued(tx, round, queued.lastRow());
                if (claim.size() == 0) return 0;
                Set<Long> affected = queue.linkIndexed(tx, claim.profiles());
                golden.recompute(tx, affected);
                queue.done(tx, claim);
                return claim.size();
            }));
            db.analyseGrowth(); // blocking keys, match records and review pairs grow from nothing after a first import
        }
        if (total > 0) LOG.info("identity: linked {} queued profiles in {} ms", total, (System.nanoTime() - started) / 1_000_000);
        return total;
    }

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
