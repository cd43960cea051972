package io.guestlink.store;

import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.ingest.MappingOutcome;
import io.guestlink.identity.Normalisers;
import io.guestlink.ingest.RawRecord;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.RecordReader;
import io.guestlink.ingest.SourceConfig;
import io.guestlink.ingest.SourceConfigLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The stored payload of every mapped row of every shipped demo file: feed, line, source key, payload SHA-256. */
final class ShippedPayloads {
    static final Path SOURCES = Path.of("config/sources");
    static final Path DEMO = Path.of("src/main/resources/demo");
    static final Path FIXTURE = Path.of("src/test/resources/payloads/shipped-demo-payloads.tsv");

    record Row(String feed, String file, long line, String key, String json, String hash) {
        String tsv() {
            return String.join("\t", feed, file, Long.toString(line), key, hash);
        }
    }

    private ShippedPayloads() {
    }

    /** The shipped feeds that have demo files, by id. */
    static List<SourceConfig> feedsWithDemo() {
        return SourceConfigLoader.loadAll(SOURCES).stream().filter(f -> Files.isDirectory(DEMO.resolve(f.id())))
                .sorted(java.util.Comparator.comparing(SourceConfig::id)).toList();
    }

    /** The mapper the fixture was written with: a fixed HMAC key and a fixed "today". */
    static RecordMapper mapper(SourceConfig feed) {
        Normalisers normalisers = new Normalisers(new EmailNormaliser(PlaceholderList.defaults()),
                new PhoneNormaliser(PlaceholderList.defaults()),
                new IdDocumentHasher("0123456789abcdef0123".getBytes(), PlaceholderList.defaults()));
        // range checks (birth dates in the future, stays beyond ten years) must not move the hashes as days pass
        Clock clock = Clock.fixed(Instant.parse("2026-06-15T00:00:00Z"), ZoneOffset.UTC);
        return new RecordMapper(feed, normalisers, clock);
    }

    static List<Path> demoFiles(SourceConfig feed) throws IOException {
        try (Stream<Path> s = Files.list(DEMO.resolve(feed.id()))) {
            return s.filter(p -> !p.toString().endsWith(".txt")).sorted().toList();
        }
    }

    static List<Row> all() throws IOException {
        List<Row> out = new ArrayList<>();
        for (SourceConfig feed : feedsWithDemo()) {
            RecordMapper mapper = mapper(feed);
            for (Path f : demoFiles(feed)) {
                try (InputStream in = Files.newInputStream(f); RecordReader reader = RecordReader.open(in, feed.format())) {
                    while (reader.hasNext()) {
                        RawRecord raw = reader.next();
                        if (mapper.map(raw) instanceof MappingOutcome.Mapped m) {
                            String[] p = Payloads.of(m.record());
                            out.add(new Row(feed.id(), f.getFileName().toString(), raw.line(), m.record().ref().key(), p[0], p[1]));
                        }
                    }
                }
            }
        }
        return out;
    }
}
