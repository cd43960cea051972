package io.guestlink.pipeline;

import io.guestlink.model.ImportCounts;
import io.guestlink.store.BatchWriter;

import java.util.function.Function;

/** A batch the store has written and not committed, as {@link OrderedCommits} ends it; {@code commit} says how. */
final class OpenBatch implements OrderedCommits.Written {
    private final BatchWriter.Open open;
    private final Function<BatchWriter.Open, ImportCounts> commit;

    /** @param commit commits {@code open} (with what must commit with it) and does what follows a commit */
    OpenBatch(BatchWriter.Open open, Function<BatchWriter.Open, ImportCounts> commit) {
        this.open = open;
        this.commit = commit;
    }

    @Override
    public ImportCounts commit() {
        return commit.apply(open);
    }

    @Override
    public void rollback() {
        open.rollback();
    }

    @Override
    public boolean blocks(OrderedCommits.Written before) {
        return before instanceof OpenBatch b && open.blocks(b.open);
    }
}
