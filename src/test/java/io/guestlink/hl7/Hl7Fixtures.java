package io.guestlink.hl7;

import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PhoneNormaliser;
import io.guestlink.identity.PlaceholderList;
import io.guestlink.identity.Normalisers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The public HL7 samples (src/test/resources/hl7, copied from ../shared/data/hl7) and a mapper as production builds it. */
public final class Hl7Fixtures {
    /** The 11 samples of ../shared/data/hl7: BOM, LF, trailing blanks, EVN-1 disagreeing with MSH-9, v2.3 to 2.8. */
    public static final List<String> SAMPLES = List.of("msft_ADT-A01-01.hl7", "msft_ADT-A02-02.hl7",
            "msft_ADT-A03-02.hl7", "msft_ADT-A05-02.hl7", "msft_ADT-A08-02.hl7", "msft_ADT-A11-02.hl7",
            "msft_ADT-A13-02.hl7", "msft_ADT01-23.hl7", "msft_ADT01-28.hl7", "msft_ADT04-23.hl7", "msft_ADT04-251.hl7");
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T10:00:00Z"), ZoneOffset.UTC);
    public static final Normalisers NORMALISERS = new Normalisers(
            new EmailNormaliser(PlaceholderList.defaults()),
            new PhoneNormaliser(PlaceholderList.defaults()),
            new IdDocumentHasher("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), PlaceholderList.defaults()));

    private Hl7Fixtures() {
    }

    public static byte[] sample(String name) {
        try (InputStream in = Hl7Fixtures.class.getResourceAsStream("/hl7/" + name)) {
            if (in == null) throw new IllegalArgumentException("no sample " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AdtMapper mapper(AdtOptions options) {
        return new AdtMapper(NORMALISERS, options, CLOCK);
    }

    /** Segments given one per argument, joined with CR as HL7 wants them. */
    public static String message(String... segments) {
        return String.join("\r", segments);
    }
}
