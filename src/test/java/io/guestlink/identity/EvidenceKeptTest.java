package io.guestlink.identity;

import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.FieldFlag;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.PersonName;
import io.guestlink.model.RecordKind;
import io.guestlink.model.SourceRef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A phone or e-mail that fails validation is kept as flagged evidence, never as a key; junk and placeholders are flagged and left out. */
class EvidenceKeptTest {
    private final PhoneNormaliser phones = new PhoneNormaliser(PlaceholderList.defaults());
    private final EmailNormaliser emails = new EmailNormaliser(PlaceholderList.defaults());
    private final Normalisers normalisers = new Normalisers(emails, phones,
            new IdDocumentHasher("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), PlaceholderList.defaults()));

    @Test
    void shouldKeepAnInvalidNumberAsCountryCodeAndNationalDigitsWhateverItsFormatting() {
        for (String raw : List.of("(212) 155-0199", "+1 212 155 0199", "212.155.0199", "tel:+1-212-155-0199")) {
            PhoneNormaliser.Reading r = phones.read(raw, "US");
            assertThat(r.valid()).as(raw).isFalse();
            assertThat(r.digits()).as(raw).isEqualTo("12121550199");
            assertThat(r.problem()).as(raw).contains("not a valid number for region US").contains("evidence");
        }
        // written with 00 at a hotel whose international prefix is not 00
        assertThat(phones.read("001 212 155 0199", "US").digits()).isEqualTo("12121550199");
        assertThat(phones.read("+86 103 3456 7890", "TH").digits()).isEqualTo("8610334567890");
        // a valid one is what toE164 gives
        assertThat(phones.read("081-234-5678", "TH")).isEqualTo(new PhoneNormaliser.Reading("+66812345678", null, null));
    }

    @Test
    void shouldLeaveOutPlaceholdersShortAndOverlongPhonesWithAReason() {
        assertThat(phones.read(null, "US")).isNull();
        assertThat(phones.read("  ", "US")).isNull();
        assertThat(phones.read("0000000000", "US").problem()).contains("placeholder");
        assertThat(phones.read("+66 0000 0000", "TH").problem()).contains("placeholder");
        assertThat(phones.read("ext 4521", "US").problem()).contains("too few");
        assertThat(phones.read("n/a", "US").problem()).contains("no digits");
        assertThat(phones.read("1".repeat(65), "US").problem()).contains("65 characters");
        for (String raw : List.of("0000000000", "ext 4521", "n/a", "1".repeat(65)))
            assertThat(phones.read(raw, "US").digits()).as(raw).isNull();
        // a note around a number keeps the digits as written
        assertThat(phones.read("212 155 0199 (office)", "US").digits()).isEqualTo("2121550199");
    }

    @Test
    void shouldKeepAnInvalidEmailThatLooksLikeOneAndLeaveOutTheRest() {
        assertThat(emails.read(" Mary.Chen@GMAIL ")).isEqualTo(new EmailNormaliser.Reading(null, "mary.chen@gmail",
                emails.read("mary.chen@gmail").problem()));
        assertThat(emails.read("mary chen@gmail.com").evidence()).isEqualTo("marychen@gmail.com");
        assertThat(emails.read("Mary.Chen@Gmail.com").address()).isEqualTo("mary.chen@gmail.com");
        assertThat(emails.read("noemail@hotel.com").problem()).contains("placeholder");
        assertThat(emails.read("none").problem()).contains("not an e-mail address");
        assertThat(emails.read("-@-").evidence()).isNull();
        assertThat(emails.read("a".repeat(250) + "@mail.com").problem()).contains("259 characters");
        assertThat(emails.normalise("a".repeat(250) + "@mail.com")).isEmpty();
    }

    @Test
    void shouldCollectFlagsWithFieldsAndMaskedValues() {
        ContactEvidence e = new ContactEvidence(normalisers, "US");
        e.phone("guest.phone", "(212) 155-0199");
        e.phone("guest.mobile", "+1 212 155 0199"); // the same number: kept once, flagged twice
        e.email("guest.email", "mary.chen@gmail");
        e.phone("guest.phone", "+66 81 234 5678");
        assertThat(e.unverifiedPhones()).containsExactly("12121550199");
        assertThat(e.unverifiedEmails()).containsExactly("mary.chen@gmail");
        assertThat(e.phones()).containsExactly("+66812345678");
        assertThat(e.flags()).extracting(FieldFlag::field).containsExactly("guest.phone", "guest.mobile", "guest.email");
        assertThat(e.flags()).allSatisfy(f -> assertThat(f.shown()).doesNotContain("155-0199", "1550199", "mary.chen"));
    }

    @Test
    void shouldNeverMakeAnUnverifiedValueAKeyButCompareItMarked() {
        GuestProfile g = new GuestProfile(List.of(new PersonName("MARY CHEN", "CHEN", "MARY", null, "LATIN")), null, "F", null,
                null, List.of(), List.of(), List.of(), null, List.of(), Map.of())
                .withUnverified(List.of("mary.chen@gmail"), List.of("12121550199"));
        CanonicalRecord r = new CanonicalRecord(new SourceRef("PMS", RecordKind.GUEST_PROFILE, "L1"), null, g, null);
        // no source key, no document, no membership: the record's own REC key, nothing from the contact values
        assertThat(IdentityKeys.of(r)).containsExactly("REC:" + r.ref().asText());
        assertThat(IdentityKeys.contacts(g)).containsExactly("BADEMAIL:mary.chen@gmail", "BADPHONE:12121550199");
        PersonRecord p = new PersonRecords(new NameNormaliser()).of("1", List.of(g), LocalDate.of(2025, 6, 15));
        assertThat(p.phones()).containsExactly("#12121550199");
        assertThat(p.emails()).containsExactly("#mary.chen@gmail");
        assertThat(IdentityKeys.contactKey("phone", "#12121550199")).isEqualTo("BADPHONE:12121550199");
        assertThat(IdentityKeys.contactKey("phone", "+12125550199")).isEqualTo("PHONE:+12125550199");
    }
}
