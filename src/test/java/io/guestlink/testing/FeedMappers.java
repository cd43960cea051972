package io.guestlink.testing;

import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.Normalisers;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.ingest.RecordMapper;
import io.guestlink.ingest.SourceConfigLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A feed's mapper from its YAML as a test writes it, with the default placeholders and a test document key. */
public final class FeedMappers {
    private FeedMappers() {
    }

    /** Writes {@code yaml} as {@code feed.yaml} in {@code dir} and loads it as a feed file is loaded. */
    public static RecordMapper fromYaml(Path dir, String yaml) throws IOException {
        Path f = dir.resolve("feed.yaml");
        Files.writeString(f, yaml);
        PlaceholderList p = PlaceholderList.defaults();
        return new RecordMapper(SourceConfigLoader.load(f), new Normalisers(new EmailNormaliser(p), new PhoneNormaliser(p),
                new IdDocumentHasher("0123456789abcdef-test".getBytes(StandardCharsets.UTF_8), p)), Clock.systemUTC());
    }
}
