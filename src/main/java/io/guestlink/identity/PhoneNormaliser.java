package io.guestlink.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a phone number as the front desk typed it into E.164, the one form in which "081-234-5678" at a Bangkok
 * hotel and "+66 81 234 5678" from the booking engine are the same guest. Anything that is not a valid number
 * for its region comes back empty rather than half-cleaned: a wrong number in a golden profile does more harm
 * (false merges, messages to strangers) than a missing one.
 */
public final class PhoneNormaliser {

    // Far beyond any real number with formatting; keeps pasted notes out of the parser.
    private static final int MAX_RAW_LENGTH = 64;
    private static final String UNKNOWN_REGION = "ZZ";

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
        if (value.chars().anyMatch(Character::isLetter)) return Optional.empty();

        String digits = value.replaceAll("\\D", "");
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

    private Optional<PhoneNumber> parseValid(String value, String region) {
        try {
            PhoneNumber n = util.parse(value, region);
            return util.isValidNumber(n) ? Optional.of(n) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
