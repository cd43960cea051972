package io.guestlink.pipeline;

import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.GoldenRecords;
import io.guestlink.store.IdentityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * Probabilistic linking of the profiles imports queued (link_queue), a few thousand per transaction, shortly after
 * they arrived: a timer route in routes/identity.camel.yaml calls {@link #drain}. Imports only queue, so matching never
 * slows a nightly file or a database feed; the queue is written in the import's own transaction, so no arrival is
 * forgotten, and a profile leaves the queue in the transaction that linked it.
 */
public final class IdentityWorker {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityWorker.class);

    private final Database db;
    private final IdentityQueue queue;
    private final GoldenRecords golden;
    private final int perTransaction;

    public IdentityWorker(Database db, BatchWriter.ProfileLinker linker, GoldenRecords golden, BatchWriter writer, int perTransaction) {
        this.db = db;
        this.queue = new IdentityQueue(writer, linker);
        this.golden = golden;
        this.perTransaction = perTransaction;
    }

    /** Links everything queued; returns the number of profiles linked. */
    public int drain() {
        int total = 0;
        long started = System.nanoTime();
        while (true) {
            int n = linkSome();
            total += n;
            if (n < perTransaction) break;
        }
        if (total > 0) LOG.info("identity: linked {} queued profiles in {} ms", total, (System.nanoTime() - started) / 1_000_000);
        return total;
    }

    public long queued() {
        return db.inTransaction("counting the link queue", queue::size);
    }

    /** One claim of the queue linked, golden rows recomputed and the claim removed, in one transaction. */
    private int linkSome() {
        return queue.whileNoBatchResolves(() -> db.inTransaction("linking queued profiles", tx -> {
            IdentityQueue.Claim claim = queue.claim(tx, perTransaction);
            if (claim.size() == 0) return 0;
            Set<Long> affected = queue.link(tx, claim.profiles());
            golden.recompute(tx, affected);
            queue.done(tx, claim);
            return claim.size();
        }));
    }
}
