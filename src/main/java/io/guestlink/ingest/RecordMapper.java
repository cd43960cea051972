package io.guestlink.ingest;

import io.guestlink.identity.names.NameParsing;
import io.guestlink.identity.ContactEvidence;
import io.guestlink.identity.Normalisers;
import io.guestlink.model.CanonicalRecord;
import io.guestlink.model.ChargeCategory;
import io.guestlink.model.FieldLimit;
import io.guestlink.model.Complaint;
import io.guestlink.model.ConsentPurpose;
import io.guestlink.model.ConsentStatement;
import io.guestlink.model.FolioLine;
import io.guestlink.model.GuestProfile;
import io.guestlink.model.IdDocument;
import io.guestlink.model.Masking;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.model.Membership;
import io.guestlink.model.PersonName;
import io.guestlink.model.PosItem;
import io.guestlink.model.PosTicket;
import io.guestlink.model.Preference;
import io.guestlink.model.Reservation;
import io.guestlink.model.SourceRef;
import io.guestlink.model.StayStatus;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns raw rows of one feed into canonical records, as the feed's configuration says. Pure function of the row
 * (and today's date, for range checks): no I/O, no Camel, safe to call from several threads.
 */
public final class RecordMapper {
    private final SourceConfig config;
    private final Normalisers normalisers;
    private final Set<String> nullValues;
    private final Clock clock;

    public RecordMapper(SourceConfig config, Normalisers normalisers, Clock clock) {
        this.config = config;
        this.normalisers = normalisers;
        this.clock = clock;
        this.nullValues = config.format().nullValues().stream().map(v -> v.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public SourceConfig config() {
        return config;
    }

    /**
     * The columns the mapping reads that the file does not have; a non-empty answer means the whole file is unusable
     * with this mapping (wrong feed, changed export layout), not that a row is bad.
     */
    public List<String> missingColumns(List<String> available) {
        if (available == null) return List.of();
        Set<String> have = new HashSet<>(available);
        List<String> missing = new ArrayList<>();
        if (!config.keyIsLineNumber()) config.key().stream().filter(k -> !have.contains(k)).forEach(missing::add);
        config.fields().forEach((field, spec) -> spec.sourceColumns().stream()
                .filter(c -> !have.contains(c) && !SourceConfig.LINE_KEY.equals(c)).forEach(c -> missing.add(c + " (for " + field + ")")));
        return missing;
    }

    /**
     * A row's mapping and its raw text as the journal keeps it: every identity-document number replaced by its marker
     * (the keyed hash, which is all matching needs; {@link IdDocumentHasher#redacting}), so a replay or a reprocess of
     * the row gives the same document and the store never holds the number. A rejected row's number is read on its
     * own for this, whatever field rejected it. Fixed-width rows get same-length filler instead (see the hasher).
     */
    public record Journaled(MappingOutcome outcome, String raw) {
    }

    public Journaled mapForJournal(RawRecord row) {
        try (IdDocumentHasher.Redaction redaction = IdDocumentHasher.redacting()) {
            MappingOutcome outcome = map(row);
            if (!redaction.any() && outcome instanceof MappingOutcome.Rejected) documentOnly(row);
            return new Journaled(outcome, redaction.apply(row.raw(), FormatSpec.FIXED_WIDTH.equals(config.format().type())));
        }
    }

    /** Hashes a rejected row's document number (its type read as well as it can be), so the redaction sees it. */
    private void documentOnly(RawRecord row) {
        if (row.skip() || row.problem() != null) return;
        RowValues v = new RowValues(config, row.values(), nullValues, LocalDate.now(clock), row.line());
        try {
            String number = v.text("guest.idNumber");
            if (number == null) return;
            String type;
            try {
                type = v.text("guest.idType");
            } catch (RowRejected e) {
                type = null; // hashed as the default type: a reprocess that reads the type fixed refuses it by name
            }
            normalisers.idDocuments().hash(type, number, null);
        } catch (RowRejected | IllegalArgumentException e) {
            // nothing hashed: the number stays only inside the sealed raw text
        }
    }

    public MappingOutcome map(RawRecord row) {
        if (row.skip()) return new MappingOutcome.Skipped();
        // the record could not be split into values: its shape only, since the text may hold any personal value
        if (row.problem() != null)
            return new MappingOutcome.Rejected("(record)", RowValues.shown("", Masking.message(row.raw())), row.problem());
        RowValues v = new RowValues(config, row.values(), nullValues, LocalDate.now(clock), row.line());
        try {
            SourceRef ref = new SourceRef(config.system(), config.kind(), sourceKey(row));
            String guestKey = v.text("guest.key");
            ContactEvidence evidence = new ContactEvidence(normalisers, config.phoneRegion());
            GuestProfile guest = guest(v, evidence);
            var fact = switch (config.kind()) {
                case RESERVATION -> reservation(v);
                case FOLIO -> folio(v);
                case POS_TICKET -> ticket(v, row.values());
                case GUEST_PROFILE -> null;
            };
            if (config.kind() == io.guestlink.model.RecordKind.GUEST_PROFILE && guest.isEmpty() && guestKey == null)
                throw new RowRejected("guest", "", "a guest-profile row with no name, contact or key");
            // preferences reach a guest known only by the source's key (a profile-preferences export); without a key
            // or any identity they belong to nobody and are dropped with the empty guest
            boolean keep = !guest.isEmpty() || ((guest.hasNotes() || !guest.marketingConsent().isEmpty()) && guestKey != null);
            if (!keep && guest.hasNotes()) evidence.flag("guest.preference", "",
                    "preferences of a guest with no name, contact or key belong to nobody: left out");
            CanonicalRecord record = new CanonicalRecord(ref, guestKey, keep ? guest : null, fact);
            // the store keeps each field in a bounded column: a longer value rejects the row, it is never cut
            List<FieldLimit.Breach> tooLong = FieldLimit.breaches(record);
            if (!tooLong.isEmpty()) return tooLong(tooLong.get(0));
            return new MappingOutcome.Mapped(record, evidence.flags());
        } catch (RowRejected e) {
            return new MappingOutcome.Rejected(e.field, RowValues.shown(e.field, e.value), e.getMessage());
        } catch (IllegalArgumentException e) {
            return new MappingOutcome.Rejected("(record)", "", e.getMessage());
        }
    }

    /** The rejection of a value longer than its field keeps: the field, its value (masked when personal), the limit. */
    private static MappingOutcome.Rejected tooLong(FieldLimit.Breach b) {
        boolean item = b.index() >= 0 && b.limit().field().startsWith("pos.item.");
        return new MappingOutcome.Rejected(b.limit().field(), b.shown(),
                b.reason() + (item ? " (item " + (b.index() + 1) + ")" : ""));
    }

    private String sourceKey(RawRecord row) throws RowRejected {
        if (config.keyIsLineNumber()) return Long.toString(row.line());
        StringBuilder sb = new StringBuilder();
        for (String col : config.key()) {
            String k = row.values().get(col);
            k = k == null ? null : RowValues.stripControls(k).strip();
            if (k == null || k.isEmpty() || nullValues.contains(k.toUpperCase(Locale.ROOT)))
                throw new RowRejected(col, "", "key column is empty");
            if (sb.length() > 0) sb.append('|');
            sb.append(k);
        }
        if (sb.length() > 500) throw new RowRejected(config.key().toString(), sb.toString(), "key longer than 500 characters");
        return sb.toString();
    }

    private String property(RowValues v) throws RowRejected {
        String p = v.text("property");
        return p != null ? p : config.property();
    }

    private String currency(RowValues v) throws RowRejected {
        String c = v.text("currency");
        c = c != null ? c.toUpperCase(Locale.ROOT) : config.currency();
        if (c != null && !c.matches("[A-Z]{3}")) throw new RowRejected("currency", c, "not an ISO 4217 currency code");
        return c;
    }

    private Reservation reservation(RowValues v) throws RowRejected {
        LocalDate arrival = v.businessDate("reservation.arrival");
        LocalDate departure = v.businessDate("reservation.departure");
        if (arrival != null && departure != null && departure.isBefore(arrival))
            throw new RowRejected("reservation.departure", departure.toString(), "departure before arrival " + arrival);
        return new Reservation(property(v), v.required("reservation.confirmationNumber"), arrival, departure,
                v.text("reservation.roomType"), v.text("reservation.roomNumber"), v.text("reservation.rateCode"),
                v.nonNegativeAmount("reservation.rateAmount"), currency(v),
                v.enumValue("reservation.status", StayStatus.class, StayStatus.BOOKED),
                v.text("reservation.channel"), v.count("reservation.adults"), v.count("reservation.children"),
                complaints(v));
    }

    /**
     * A complaint recorded on the stay: its text, OPEN or CLOSED (after the field's code table; empty is OPEN) and
     * its date. A status or date without a text is nothing to show and is ignored.
     */
    private List<Complaint> complaints(RowValues v) throws RowRejected {
        String text = v.text("reservation.complaint");
        if (text == null) return List.of();
        String status = v.text("reservation.complaintStatus");
        boolean open;
        if (status == null || status.equalsIgnoreCase("OPEN")) open = true;
        else if (status.equalsIgnoreCase("CLOSED")) open = false;
        else throw new RowRejected("reservation.complaintStatus", status, "not OPEN or CLOSED (add it to the feed's code table)");
        return List.of(new Complaint(v.businessDate("reservation.complaintDate"), text, open));
    }

    private FolioLine folio(RowValues v) throws RowRejected {
        BigDecimal amount = v.amount("folio.amount");
        if (amount == null) throw new RowRejected("folio.amount", "", "required value is empty");
        if (Boolean.TRUE.equals(v.flag("folio.credit"))) amount = amount.negate();
        return new FolioLine(property(v), v.required("folio.folioNumber"), v.text("folio.lineNumber"),
                v.text("folio.reservationRef"), v.businessDate("folio.businessDate"), v.text("folio.transactionCode"),
                v.text("folio.description"), v.enumValue("folio.category", ChargeCategory.class, ChargeCategory.OTHER),
                amount, currency(v));
    }

    private PosTicket ticket(RowValues v, Map<String, String> raw) throws RowRejected {
        List<PosItem> items = new ArrayList<>();
        String array = config.format().itemsArray();
        if (array != null) {
            // json-lines: item fields name keys inside each element of the items array
            // Walk every element the array has. Stopping at the first element without an item name (JSON null
            // or missing) silently dropped it and every item after it; such an element now rejects the ticket
            // through pos.item.name's "required value is empty".
            int count = 0;
            for (String k : raw.keySet()) {
                if (!k.startsWith(array + ".")) continue;
                int dot = k.indexOf('.', array.length() + 1);
                String index = dot < 0 ? k.substring(array.length() + 1) : k.substring(array.length() + 1, dot);
                if (!index.isEmpty() && index.length() < 6 && index.chars().allMatch(Character::isDigit))
                    count = Math.max(count, Integer.parseInt(index) + 1);
            }
            for (int i = 0; i < count; i++) {
                items.add(item(v.withPrefix(array + "." + i + "."), Integer.toString(i + 1)));
            }
        } else if (v.text("pos.item.name") != null) {
            items.add(item(v, null));
        }
        return new PosTicket(property(v), v.text("pos.outlet"), v.required("pos.ticketNumber"), v.text("pos.table"),
                v.count("pos.covers"), v.dateTime("pos.opened"), v.dateTime("pos.closed"), items,
                v.text("pos.roomNumber"), v.text("pos.memberNumber"), v.text("pos.guestName"), v.text("pos.settlement"),
                v.amount("pos.total"), currency(v));
    }

    private PosItem item(RowValues v, String defaultLine) throws RowRejected {
        String line = v.text("pos.item.line");
        BigDecimal qty = v.amount("pos.item.quantity");
        return new PosItem(line != null ? line : defaultLine, v.required("pos.item.name"),
                qty == null ? BigDecimal.ONE : qty, v.amount("pos.item.price"));
    }

    private GuestProfile guest(RowValues v, ContactEvidence evidence) throws RowRejected {
        List<PersonName> names = new ArrayList<>();
        String nameText = v.text("guest.name");
        String family = v.text("guest.familyName");
        String given = v.text("guest.givenName");
        if (nameText != null || family != null || given != null) {
            FieldSpec spec = config.fields().get("guest.name");
            PersonName n = NameParsing.parse(nameText, spec == null ? null : spec.nameFormat(), family, given, v.text("guest.title"));
            if (n != null) names.add(n);
        }
        // values that fail validation are kept as evidence or left out, each flagged with its field (ContactEvidence)
        evidence.email("guest.email", v.text("guest.email"));
        for (String f : List.of("guest.mobile", "guest.phone")) evidence.phone(f, v.text(f));
        List<IdDocument> docs = new ArrayList<>();
        String idNumber = v.text("guest.idNumber");
        if (idNumber != null) {
            Optional<IdDocument> doc = evidence.document("guest.idNumber", v.text("guest.idType"), idNumber, v.text("guest.idCountry"));
            doc.ifPresent(docs::add);
        }
        List<Membership> memberships = new ArrayList<>();
        String member = v.text("guest.memberNumber");
        if (member != null) memberships.add(new Membership(v.text("guest.memberProgram"), member, v.text("guest.memberLevel")));
        Map<String, Boolean> consent = new LinkedHashMap<>();
        for (ConsentPurpose purpose : ConsentPurpose.values()) {
            Boolean c = v.flag("guest.consent." + purpose.code());
            if (c != null) consent.put(purpose.code(), c);
        }
        String gender = v.text("guest.gender");
        // a valid resident ID card number's birth date before a typed one (ContactEvidence.birthDate)
        LocalDate birth = evidence.birthDate("guest.birthDate", pastDate(v, "guest.birthDate", evidence), LocalDate.now(clock));
        return new GuestProfile(names, birth, gender == null ? null : gender.substring(0, 1).toUpperCase(Locale.ROOT),
                upper(v.text("guest.nationality")), v.text("guest.language"), evidence.emails(), evidence.phones(), docs,
                v.text("guest.vip"), memberships, consent, preferences(v), pastDate(v, "guest.anniversary", evidence), List.of(),
                datedConsent(v, consent))
                .withUnverified(evidence.unverifiedEmails(), evidence.unverifiedPhones());
    }

    /**
     * With a {@code guest.consentAt} column, the row's consent values are statements of that time: the latest by its
     * own time wins, whichever file or system brings it first. Without one they stay undated and the store dates them
     * when it receives them. A time more than a day ahead (a typed 2099 would win for ever) rejects the row.
     */
    private List<ConsentStatement> datedConsent(RowValues v, Map<String, Boolean> consent) throws RowRejected {
        if (consent.isEmpty()) return List.of();
        java.time.LocalDateTime at = v.dateTime("guest.consentAt");
        if (at == null) return List.of();
        java.time.Instant stated = at.atZone(config.timeZone()).toInstant();
        if (stated.isAfter(clock.instant().plus(java.time.Duration.ofDays(1))))
            throw new RowRejected("guest.consentAt", v.text("guest.consentAt"), "consent time in the future");
        List<ConsentStatement> out = new ArrayList<>();
        consent.forEach((code, yes) -> out.add(new ConsentStatement(ConsentPurpose.of(code).orElseThrow(), yes, stated, null, null)));
        return out;
    }

    /**
     * Preferences and allergies, each item decoded on its own; an item given twice (HF in two columns) is kept once.
     * A code table entry too long or odd for the Preference record rejects the row like any other bad value.
     */
    private static List<Preference> preferences(RowValues v) throws RowRejected {
        LinkedHashMap<String, Preference> out = new LinkedHashMap<>();
        for (String field : List.of("guest.preference", "guest.allergy")) {
            for (RowValues.Item i : v.items(field)) {
                Preference p;
                try {
                    p = PreferenceCodes.of(field, i.raw(), i.decoded(), i.wildcard());
                } catch (IllegalArgumentException e) {
                    throw new RowRejected(field, i.raw(), e.getMessage());
                }
                out.putIfAbsent(p.category() + "\u0000" + p.text().toLowerCase(Locale.ROOT), p);
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * Birth and anniversary dates the front desk cannot know (1900-01-01, future) are left out and flagged, not a
     * reason to lose the stay.
     */
    private LocalDate pastDate(RowValues v, String field, ContactEvidence evidence) throws RowRejected {
        LocalDate d = v.date(field);
        if (d == null) return null;
        LocalDate today = LocalDate.now(clock);
        // Only a year written with two digits (12-MAR-65 read as 2065) has its century guessed. A future date
        // whose text holds the four-digit year (2030-01-01, a stay date typed in the wrong box) used to become
        // 1930-01-01; it is now dropped like any other impossible birth date.
        // (the text is searched only for a future date: formatting the year for every row was 4 % of a poll reader's time)
        if (d.isAfter(today) && !writtenWithFullYear(v.text(field), d) && d.minusYears(100).isAfter(RowValues.EARLIEST))
            d = d.minusYears(100); // two-digit years
        if (d.isBefore(RowValues.EARLIEST) || d.isAfter(today)) {
            // the year only: a whole date of birth is personal, and the year is what tells 1900 from the future
            evidence.flag(field, d.getYear() + "-**-**", "is not a plausible date (before " + RowValues.EARLIEST
                    + " or in the future): left out");
            return null;
        }
        return d;
    }

    private static boolean writtenWithFullYear(String text, LocalDate d) {
        return text != null && text.contains(String.format("%04d", d.getYear()));
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }
}
