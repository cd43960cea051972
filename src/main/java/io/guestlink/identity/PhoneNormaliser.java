package io.guestlink.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.guestlink.model.Digits;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a phone number as the front desk typed it into E.164, the one form in which "081-234-5678" at a Bangkok
 * hotel and "+66 81 234 5678" from the booking engine are the same guest. Anything that is not a valid number
 * for its region comes back empty rather than half-cleaned: a wrong number in a golden profile does more harm
 * (false merges, messages to strangers) than a missing one.
 *
 * <p>{@link #read} says more: a number the library rejects is not thrown away but comes back as digits only, to be
 * kept as matching evidence (never a key, never a number to call; see docs/identity.md, "Evidence kept"), and every
 * value left out comes back with the reason, so the mapper can flag it in the journal.
 */
public final class PhoneNormaliser {

    // Far beyond any real number with formatting; keeps pasted notes out of the parser.
    private static final int MAX_RAW_LENGTH = 64;
    private static final String UNKNOWN_REGION = "ZZ";

    /**
     * Fewer national digits than this identify no one (an extension, a room number, a truncated local number): such a
     * value is flagged and left out rather than kept as evidence that would link strangers.
     */
    static final int MIN_EVIDENCE_DIGITS = 6;

    /**
     * What a phone value is: exactly one of {@code e164} (valid), {@code digits} (not valid for its region, kept as
     * digits-only evidence) or neither (left out); {@code problem} says why it is not valid (null when it is).
     */
    public record Reading(String e164, String digits, String problem) {
        public boolean valid() {
            return e164 != null;
        }

        public boolean evidence() {
            return digits != null;
        }
    }

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final PlaceholderList placeholders;

    public PhoneNormaliser(PlaceholderList placeholders) {
        this.placeholders = Objects.requireNonNull(placeholders, "placeholders");
    }

    /**
     * The number in E.164 ({@code +66812345678}), or empty when it is missing, invalid or a placeholder.
     *
     * @param defaultRegion ISO 3166 code of the hotel ("TH", "CN", "DE") used for numbers written without a country
     *                      code; null or blank accepts only international numbers
     */
    public Optional<String> toE164(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_RAW_LENGTH) return Optional.empty();
        String value = raw.strip();
        if (value.regionMatches(true, 0, "tel:", 0, 4)) value = value.substring(4).strip();
        // libphonenumber reads letters as a vanity keypad ("1-800-FLOWERS"); at a hotel desk letters mean a typo
        // or a note, and turning them into digits would invent a number.
        if (hasLetter(value)) return Optional.empty();

        String digits = Digits.of(value);
        if (digits.isEmpty() || placeholders.isPlaceholder(PlaceholderList.Kind.PHONE, digits)) return Optional.empty();

        String region = defaultRegion == null || defaultRegion.isBlank()
                ? UNKNOWN_REGION : defaultRegion.strip().toUpperCase(Locale.ROOT);
        Optional<PhoneNumber> number = parseValid(value, region);
        // Foreign guests write their home number with "00" even where that is not the local international prefix
        // (011 in the US), so give it a second chance as an international number.
        if (number.isEmpty() && digits.startsWith("00") && !value.startsWith("+")) {
            number = parseValid("+" + digits.substring(2), UNKNOWN_REGION);
        }
        return number
                .filter(n -> !placeholders.isPlaceholder(PlaceholderList.Kind.PHONE, util.getNationalSignificantNumber(n)))
                .map(n -> util.format(n, PhoneNumberFormat.E164));
    }

    /**
     * The value read as {@link #toE164} reads it, and what becomes of a value that is not valid: kept as digits when
     * it has at least {@value #MIN_EVIDENCE_DIGITS} national digits and is no placeholder, else left out with a
     * reason. The digits are the country code and national number as libphonenumber parses them with the default
     * region even when it judges the number invalid ({@code "(212) 555-0199"} in a US feed and
     * {@code "+1 212 555 0199"} both give {@code 12125550199}), or the digits as written when it cannot parse them.
     * Null for a missing or blank value (nothing to keep or flag).
     */
    public Reading read(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) return null;
        if (raw.length() > MAX_RAW_LENGTH)
            return new Reading(null, null, "is " + raw.length() + " characters, more than the " + MAX_RAW_LENGTH
                    + " a phone number may have: left out");
        Optional<String> valid = toE164(raw, defaultRegion);
        if (valid.isPresent()) return new Reading(valid.get(), null, null);
        String value = raw.strip();
        if (value.regionMatches(true, 0, "tel:", 0, 4)) value = value.substring(4).strip();
        String digits = Digits.of(value);
        if (digits.isEmpty()) return new Reading(null, null, "has no digits: left out");
        if (placeholders.isPlaceholder(PlaceholderList.Kind.PHONE, digits))
            return new Reading(null, null, "is a placeholder (guestlink.identity.placeholder-phones): left out");
        String region = defaultRegion == null || defaultRegion.isBlank()
                ? UNKNOWN_REGION : defaultRegion.strip().toUpperCase(Locale.ROOT);
        boolean letters = hasLetter(value);
        String national = digits;
        String evidence = digits;
        // letters are a note or a typo: the digits as written, never read through the vanity keypad
        Optional<PhoneNumber> parsed = letters ? Optional.empty()
                : digits.startsWith("00") && !value.startsWith("+") ? parse("+" + digits.substring(2), UNKNOWN_REGION) : Optional.empty();
        if (parsed.isEmpty() && !letters) parsed = parse(value, region);
        if (parsed.isPresent()) {
            national = util.getNationalSignificantNumber(parsed.get());
            if (placeholders.isPlaceholder(PlaceholderList.Kind.PHONE, national))
                return new Reading(null, null, "is a placeholder (guestlink.identity.placeholder-phones): left out");
            evidence = parsed.get().getCountryCode() + national;
        }
        if (national.length() < MIN_EVIDENCE_DIGITS)
            return new Reading(null, null, "has only " + national.length() + " national digits, too few to tell one "
                    + "guest from another: left out");
        String why = letters ? "has letters" : "is not a valid number" + (UNKNOWN_REGION.equals(region)
                ? " (no country code and no default region)" : " for region " + region);
        return new Reading(null, evidence, why + ": kept as digits-only matching evidence, never a key or a number to call");
    }

    private static boolean hasLetter(String value) {
        for (int i = 0; i < value.length(); i++) if (Character.isLetter(value.charAt(i))) return true;
        return false;
    }

    private Optional<PhoneNumber> parse(String value, String region) {
        try {
            return Optional.of(util.parse(value, region));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private Optional<PhoneNumber> parseValid(String value, String region) {
        try {
            PhoneNumber n = util.parse(value, region);
            return util.isValidNumber(n) ? Optional.of(n) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
