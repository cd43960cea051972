package io.guestlink.pipeline;

import io.guestlink.ingest.RecordMapper;
import io.guestlink.model.ImportSummary;
import io.guestlink.store.BatchWriter;
import io.guestlink.store.Database;
import io.guestlink.store.ImportJournal;
import io.guestlink.testing.FeedMappers;
import io.guestlink.testing.PostgresDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A file import with its reader thread reading ahead of the writer (guestlink.import.read-ahead) keeps the guarantees
 * of one thread: when the store fails mid-file the run ends with that failure, no reader thread is left, the resume
 * mark covers only committed batches, and importing the file again resumes after them with no row lost or doubled.
 */
class OverlappedImportTest {
    static final String FEED = """
            id: res
            system: PMS
            kind: reservation
            property: BKK01
            currency: THB
            key: [CONF]
            fields:
              guest.key: GID
              guest.name: { column: NAME, nameFormat: "LAST/FIRST TITLE" }
              reservation.confirmationNumber: CONF
              reservation.arrival: ARR
              reservation.departure: DEP
            """;
    static final int ROWS = 6000;
    static final int BATCH = 100;

    @TempDir
    Path tmp;

    @RegisterExtension
    final PostgresDatabase pg = new PostgresDatabase("guestlink_overlap");

    Database db;

    @AfterEach
    void close() {
        if (db != null) db.close();
    }

    /** Rows C1..C6000 on lines 2..6001; every 97th has an arrival that is no date (rejected with its line). */
    static byte[] file() {
        StringBuilder sb = new StringBuilder("CONF,GID,NAME,ARR,DEP\n");
        for (int i = 1; i <= ROWS; i++) {
            sb.append('C').append(i).append(",G").append(i % 500).append(",GUEST").append(i % 500).append("/ANNA MS,")
                    .append(i % 97 == 0 ? "2025-13-45" : "2025-06-0" + (1 + i % 5)).append(",2025-06-20\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    RecordMapper mapper() throws Exception {
        return FeedMappers.fromYaml(tmp, FEED);
    }

    long scalar(String sql) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static List<String> readerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("import-reader-")).toList();
    }

    @Test
    void shouldEndTheRunWithTheWritersFailureAndResumeWithoutLosingOrDoublingRows() throws Exception {
        db = Database.open(pg.url(), pg.user(), "", 2);
        FileImporter importer = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), BATCH, 1000,
                new ImportProgress(), 4);
        RecordMapper mapper = mapper();
        byte[] file = file();
        String sha = FileImporter.sha256Of(file);
        // the store refuses row C3550 (a disk full, a constraint): its batch fails while the reader is ahead of it
        execute("""
                CREATE FUNCTION refuse_c3550() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.source_key = 'C3550' THEN RAISE EXCEPTION 'test: the store refuses this row'; END IF;
                  RETURN NEW;
                END $$""");
        execute("CREATE TRIGGER refuse_c3550 BEFORE INSERT ON source_record FOR EACH ROW EXECUTE FUNCTION refuse_c3550()");

        assertThatThrownBy(() -> importer.importStream(mapper, new ByteArrayInputStream(file), file.length, "night.csv", sha,
                tmp.resolve("r1.csv"))).hasStackTraceContaining("the store refuses this row");

        assertThat(readerThreads()).isEmpty();
        // exactly the batches before the refused one: lines 2..3501 (C1..C3500), journaled and marked together
        long journaled = scalar("SELECT COUNT(*) FROM import_row");
        assertThat(journaled).isEqualTo(3500);
        assertThat(scalar("SELECT MAX(line_no) FROM import_row")).isEqualTo(3501);
        assertThat(scalar("SELECT last_line FROM import_file")).isEqualTo(3501);
        assertThat(scalar("SELECT COUNT(*) FROM source_record")).isEqualTo(3500 - 3500 / 97);

        execute("DROP TRIGGER refuse_c3550 ON source_record");
        ImportSummary resumed = importer.importStream(mapper, new ByteArrayInputStream(file), file.length, "night.csv", sha,
                tmp.resolve("r2.csv"));

        assertThat(resumed.status()).isEqualTo("DONE");
        assertThat(readerThreads()).isEmpty();
        long rejected = ROWS / 97;
        assertThat(resumed.counts().read()).isEqualTo(ROWS);
        assertThat(resumed.counts().rejected()).isEqualTo(rejected);
        assertThat(resumed.counts().imported()).isEqualTo(ROWS - rejected);
        assertThat(scalar("SELECT COUNT(*) FROM import_file")).isEqualTo(1);
        assertThat(scalar("SELECT COUNT(*) FROM import_row")).isEqualTo(ROWS);
        assertThat(scalar("SELECT COUNT(DISTINCT line_no) FROM import_row")).isEqualTo(ROWS);
        assertThat(scalar("SELECT COUNT(*) FROM source_record")).isEqualTo(ROWS - rejected);
        assertThat(scalar("SELECT COUNT(DISTINCT source_key) FROM source_record")).isEqualTo(ROWS - rejected);
        assertThat(scalar("SELECT COUNT(*) FROM stay")).isEqualTo(ROWS - rejected);
        // every rejected row is journaled with its line and reason
        assertThat(scalar("SELECT COUNT(*) FROM import_row WHERE outcome = 'REJECTED' AND reason IS NOT NULL "
                + "AND MOD(line_no - 1, 97) = 0")).isEqualTo(rejected);
        // the resumed run's rejects file lists the rejected rows it read (those after the resume point)
        List<String> rejects = Files.readAllLines(resumed.rejectsFile());
        assertThat(rejects.subList(1, rejects.size())).allMatch(l -> l.contains("2025-13-45"))
                .hasSize((int) (rejected - 3500 / 97));
    }

    @Test
    void shouldImportTheSameWithAndWithoutReadAhead() throws Exception {
        db = Database.open(pg.url(), pg.user(), "", 2);
        byte[] file = file();
        RecordMapper mapper = mapper();
        ImportSummary ahead = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), BATCH, 1000,
                new ImportProgress(), 2).importStream(mapper, new ByteArrayInputStream(file), file.length, "a.csv",
                FileImporter.sha256Of(file), tmp.resolve("a.csv"));
        ImportSummary oneThread = new FileImporter(new ImportJournal(db), new BatchWriter(db, 65536), BATCH, 1000,
                new ImportProgress(), 0).importStream(mapper, new ByteArrayInputStream(file), file.length, "b.csv",
                FileImporter.sha256Of("another".getBytes(StandardCharsets.UTF_8)), tmp.resolve("b.csv"));

        assertThat(ahead.counts().imported()).isEqualTo(ROWS - ROWS / 97);
        assertThat(oneThread.counts().unchanged()).isEqualTo(ROWS - ROWS / 97);
        assertThat(oneThread.counts().rejected()).isEqualTo(ahead.counts().rejected()).isEqualTo(ROWS / 97);
        assertThat(Files.readAllLines(ahead.rejectsFile())).isEqualTo(Files.readAllLines(oneThread.rejectsFile()));
        assertThat(readerThreads()).isEmpty();
    }
}
