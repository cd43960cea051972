package io.guestlink.model;


/** Row counts of an import run or of one batch. */
public record ImportCounts(long read, long imported, long updated, long unchanged, long rejected, long skipped) {
    public static final ImportCounts ZERO = new ImportCounts(0, 0, 0, 0, 0, 0);

    public ImportCounts plus(ImportCounts o) {
        return new ImportCounts(read + o.read, imported + o.imported, updated + o.updated, unchanged + o.unchanged,
                rejected + o.rejected, skipped + o.skipped);
    }

    public ImportCounts plus(Outcome o) {
        return new ImportCounts(read + 1, imported + (o == Outcome.IMPORTED ? 1 : 0), updated + (o == Outcome.UPDATED ? 1 : 0),
                unchanged + (o == Outcome.UNCHANGED ? 1 : 0), rejected + (o == Outcome.REJECTED ? 1 : 0),
                skipped + (o == Outcome.SKIPPED ? 1 : 0));
    }

    /**
     * Rows of erased guests (journaled SUPPRESSED, nothing stored): read but none of the other outcomes. Derived rather
     * than a column of its own, so every run journaled before suppression existed reads 0.
     */
    public long suppressed() {
        return read - imported - updated - unchanged - rejected - skipped;
    }

    @Override
    public String toString() {
        return read + " read, " + imported + " imported, " + updated + " updated, " + unchanged + " unchanged, "
                + rejected + " rejected, " + skipped + " skipped" + (suppressed() > 0 ? ", " + suppressed() + " suppressed" : "");
    }
}
