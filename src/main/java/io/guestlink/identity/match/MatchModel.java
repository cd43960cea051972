package io.guestlink.identity.match;

import io.guestlink.identity.names.ComparableName;
import io.guestlink.identity.names.HanSurnameSpellings;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Fellegi-Sunter scoring: each field's comparison level adds log2(m/u) bits; the sum is the score, compared with the
 * configured thresholds. Rules sit on top of the plain sum, each because the sum alone would merge people who are not
 * the same, or count one fact twice:
 * <ul>
 *   <li><b>Non-identifying values.</b> A shared e-mail/phone/document held by more than {@code maxHolders} persons
 *       weighs nothing; one held by k (3..cap) persons has its u multiplied by (k - 1): u is the chance that a
 *       non-matching record shares the value, and each extra holder is one more person a record could share it with
 *       by coincidence. The weight never turns negative through this (agreeing is never evidence against).</li>
 *   <li><b>Values that failed validation.</b> An e-mail or phone the mappers kept only as evidence (marked
 *       {@link PersonRecord#UNVERIFIED}) is compared like the others, but a shared one has its u multiplied by
 *       {@link #UNVERIFIED_U_FACTOR} (why: there), and a disagreement where one side has only such values weighs
 *       nothing. It is never an identity key, so it never merges by itself; it is only ever part of a score.</li>
 *   <li><b>Household contact.</b> When the given names are not close (DIFFERENT, JW85 or only PHONETIC: JOHN/JOAN,
 *       JEAN/JOHN sound alike and are couples) or the genders differ, a shared e-mail or phone weighs nothing:
 *       couples and families share them, so agreeing on one says "same household", not "same person".</li>
 *   <li><b>Household merge.</b> A pair whose given names are DIFFERENT or whose genders differ is merged only when a
 *       person-level fact agrees, birth date (EXACT, or ONE_OFF by a keying error) or document (shared, or one keystroke
 *       off: {@link PersonRecord#documentsNear}); otherwise it goes to review: a couple at
 *       one address collects 20+ bits from family name, address and postcode alone. When the given names are not
 *       close and the genders differ, only a shared document can make it a merge (ANNA / JOHN share a Double
 *       Metaphone alternate code, and couples' birthdays can be a month apart).</li>
 *   <li><b>Genders differ.</b> A gender the source or a title states that differs is a hard fact: such a pair merges
 *       only with a shared document (a wife booked as WHITE/JOHN MRS shares her husband's names and contacts). So
 *       does a woman whose given name the store holds for men, met with a record of that name stating no gender:
 *       "Mrs John Smith" names her husband (not for names written in Han).</li>
 *   <li><b>Family names not close.</b> A family name DIFFERENT, JW85 or only PHONETIC merges only when a document,
 *       contact, address or place agrees: the given name and birth date alone do not make two surnames one (XIE ~ SU).</li>
 *   <li><b>Half a name in one town.</b> Given names that differ or family names not close, beside a birth date, merge
 *       only where something finer than the town agrees (the same postcode, street or home, a document shared or one
 *       keystroke off, an e-mail or phone): half a name and a birth date in a town of thousands is a coincidence a
 *       large store shows.</li>
 *   <li><b>Near birth dates.</b> ONE_OFF weighs its configured weight only as a keying error (one digit, two adjacent
 *       digits swapped, day/month swapped; otherwise 0), and vouches for a merge only beside a name paired in its
 *       written order that the store is not expected to hold for another person (family x given holders / population
 *       below 1): a near date is what namesakes show by coincidence.</li>
 *   <li><b>One place.</b> When postcode and locality both agree only the stronger weight counts: the model assumes
 *       independent fields, and postcode and locality are one fact (where the person lives) written twice.</li>
 *   <li><b>Corroboration.</b> MERGE needs positive weight from a person-level field besides the name: birth date
 *       (EXACT, or a near date as above), document, e-mail, phone, or address (any agreeing level). Names, gender, postcode and
 *       locality alone at most reach REVIEW: thirty ZHANG WEI in one city are thirty people until something else
 *       agrees.</li>
 * </ul>
 * Missing values weigh exactly 0: absence is not evidence either way. Immutable and thread-safe.
 */
public final class MatchModel {

    /** Fields in scoring (and evidence) order. */
    public static final List<String> FIELDS = List.of("given", "family", "birthDate", "gender", "email", "phone", "document",
            "postcode", "address", "locality");
    static final int GIVEN = 0, FAMILY = 1, BIRTH = 2, GENDER = 3, EMAIL = 4, PHONE = 5, DOCUMENT = 6, POSTCODE = 7, ADDRESS = 8, LOCALITY = 9;

    private static final FieldComparator[] OTHER = {null, null, FieldComparators.BIRTH_DATE, FieldComparators.GENDER,
            FieldComparators.EMAIL, FieldComparators.PHONE, FieldComparators.DOCUMENT, FieldComparators.POSTCODE,
            FieldComparators.ADDRESS, FieldComparators.LOCALITY};

    private final MatchConfig config;
    private final double[][] weights;
    private final double[][] m;
    private final double[][] u;

    public MatchModel(MatchConfig config) {
        this.config = config;
        weights = new double[FIELDS.size()][];
        m = new double[FIELDS.size()][];
        u = new double[FIELDS.size()][];
        for (int f = 0; f < FIELDS.size(); f++) {
            List<String> expected = levelNames(f);
            List<MatchConfig.Level> levels = config.levels(FIELDS.get(f));
            if (levels.size() != expected.size())
                throw new IllegalArgumentException("field " + FIELDS.get(f) + " needs levels " + expected);
            weights[f] = new double[levels.size()];
            m[f] = new double[levels.size()];
            u[f] = new double[levels.size()];
            for (int l = 0; l < levels.size(); l++) {
                if (!levels.get(l).name().equals(expected.get(l)))
                    throw new IllegalArgumentException("field " + FIELDS.get(f) + " level " + l + " must be " + expected.get(l)
                            + ", got " + levels.get(l).name());
                weights[f][l] = levels.get(l).weight();
                m[f][l] = levels.get(l).m();
                u[f][l] = levels.get(l).u();
            }
        }
    }

    public static MatchModel defaults() {
        return new MatchModel(MatchConfig.defaults());
    }

    public MatchConfig config() {
        return config;
    }

    /** The level names of field index {@code f}, as the comparators produce them. */
    public static List<String> levelNames(int f) {
        return f <= FAMILY ? FieldComparators.NAME_LEVELS : OTHER[f].levels();
    }

    public MatchResult score(PersonRecord a, PersonRecord b, ValueFrequency frequency) {
        return score(PreparedRecord.of(a), PreparedRecord.of(b), frequency);
    }

    /** Score with full evidence: what every field reached, its weight and a masked note. */
    public MatchResult score(PreparedRecord a, PreparedRecord b, ValueFrequency frequency) {
        Eval e = evaluate(a, b, frequency, true);
        a = e.a;
        b = e.b;
        List<FieldComparison> evidence = new ArrayList<>(FIELDS.size());
        for (int f = 0; f < FIELDS.size(); f++) {
            int level = e.levels[f];
            String levelName = level < 0 ? "MISSING" : levelNames(f).get(level);
            String note = f <= FAMILY ? e.names.note(a, b, f == FAMILY) : OTHER[f].note(a, b, level);
            if (e.notes[f] != null) note = note + "; " + e.notes[f];
            evidence.add(new FieldComparison(FIELDS.get(f), levelName, round(e.weights[f]), note));
        }
        return new MatchResult(round(e.score), e.decision, evidence, e.rule);
    }

    /**
     * A pair below auto-merge that only its names (and a gender) bring together, of a name the store holds for more
     * than one person (expected namesakes at least 1, from the store's name counts): nothing else agrees, and nobody
     * could tell such namesakes apart from what is on file. In a store of thousands they were most of the review queue
     * (on a generated night, 19,941 of 19,995 review pairs), so they are not filed for review. Nothing is lost: a later
     * record with a birth date, contact or document queues the profile for linking again. A rare name, or one whose
     * frequency is not known yet (a small store), is still a question: at the desk a person can ask the guest.
     */
    boolean nothingToGoOn(Eval e, ValueFrequency frequency) {
        if (e.score >= config.autoMerge()) return false;
        // the names and a gender, agreeing alone, leave two guests of one name with nothing to decide on
        for (int f = 0; f < FIELDS.size(); f++) if (e.weights[f] > 0 && f != GIVEN && f != FAMILY && f != GENDER) return false;
        return commonName(e, frequency.population());
    }

    /**
     * Whether a document, e-mail or phone of one side agrees with one of the other's: a merge these vouch for needs one
     * (their weight is positive only when they agree), so the first of linking's passes scores no other pair.
     */
    boolean sharesIdentifier(PreparedRecord a, PreparedRecord b) {
        return sharesIdentifier(a.record(), b.record());
    }

    /** As {@link #sharesIdentifier(PreparedRecord, PreparedRecord)}, before either is prepared (names are not needed). */
    boolean sharesIdentifier(PersonRecord a, PersonRecord b) {
        return FieldComparators.DOCUMENT.compare(a, b) == 0 || FieldComparators.EMAIL.compare(a, b) == 0
                || FieldComparators.PHONE.compare(a, b) == 0;
    }

    /** Score and decision only, for the candidate loops (no evidence strings are built). */
    Eval quick(PreparedRecord a, PreparedRecord b, ValueFrequency frequency) {
        return evaluate(a, b, frequency, false);
    }

    /** The comparison level of every field (-1 missing), for {@link EmEstimator}; no frequency or household rules. */
    public int[] levels(PreparedRecord a, PreparedRecord b) {
        return evaluate(a, b, ValueFrequency.NONE, false).levels;
    }

    /**
     * True when a pair holds evidence strong enough to veto a transitive merge (see {@link Deduplicator}): the pair
     * scores below review and disagrees on a hard fact, i.e. birth date, document or gender is DIFFERENT.
     */
    boolean hardConflict(PreparedRecord a, PreparedRecord b, ValueFrequency frequency) {
        Eval e = evaluate(a, b, frequency, false);
        // a shared document says one person, whatever else was mistyped
        if (e.decision != Decision.DIFFERENT || e.weights[DOCUMENT] > 0) return false;
        return e.levels[BIRTH] == 3 || e.levels[DOCUMENT] == 1 && !e.documentNear || e.levels[GENDER] == 1;
    }

    static final class Eval {
        final int[] levels = new int[FIELDS.size()];
        final double[] weights = new double[FIELDS.size()];
        final String[] notes;
        FieldComparators.NameMatch names;
        double score;
        Decision decision;
        String rule;   // formatted, only with notes
        String reason; // constant, always: why the decision (cheap enough for millions of review pairs)
        final int[] nameHolders = {-1, -1}; // GIVEN, FAMILY: persons holding the agreeing name, -1 when not counted
        double namesakes = -1; // persons expected to hold the whole agreeing name, -1 when not known
        boolean documentNear; // documents differ, but two of one kind are one keystroke apart
        PreparedRecord a, b; // the pair as compared: with the birth dates that agreed best

        Eval(boolean withNotes) {
            notes = withNotes ? new String[FIELDS.size()] : null;
        }

        void note(int f, String s) {
            if (notes != null) notes[f] = s;
        }
    }

    /**
     * The pair's evaluation with the birth dates that agree best: a guest whose records give two dates (one mistyped)
     * is compared by each, and the highest score counts, as the best-agreeing name reading does.
     */
    private Eval evaluate(PreparedRecord a, PreparedRecord b, ValueFrequency frequency, boolean withNotes) {
        Eval best = evaluateOne(a, b, frequency, withNotes);
        if (a.otherBirthDates.isEmpty() && b.otherBirthDates.isEmpty() || !a.hasBirthDate() || !b.hasBirthDate()) return best;
        List<PreparedRecord> as = new ArrayList<>(a.otherBirthDates), bs = new ArrayList<>(b.otherBirthDates);
        as.add(0, a);
        bs.add(0, b);
        for (PreparedRecord x : as) for (PreparedRecord y : bs) {
            if (x == a && y == b) continue;
            Eval e = evaluateOne(x, y, frequency, withNotes);
            if (e.score > best.score + 1e-9) best = e;
        }
        return best;
    }

    private Eval evaluateOne(PreparedRecord a, PreparedRecord b, ValueFrequency frequency, boolean withNotes) {
        Eval e = new Eval(withNotes);
        e.a = a;
        e.b = b;
        e.names = FieldComparators.names(a, b, weights[FAMILY], weights[GIVEN]);
        e.levels[FAMILY] = e.names.familyLevel();
        e.levels[GIVEN] = e.names.givenLevel();
        for (int f = BIRTH; f < FIELDS.size(); f++) e.levels[f] = OTHER[f].compare(a, b);
        for (int f = 0; f < FIELDS.size(); f++) e.weights[f] = e.levels[f] < 0 ? 0.0 : weights[f][e.levels[f]];

        // term frequency: ZHANG = ZHANG says less than GARSHOL = GARSHOL. A name agreement's u is at least the share
        // of persons holding the more common of the two names (the chance a random other person has it, or a typo
        // of it: ZAHNG ~ ZHANG is as common as ZHANG), when the population is known.
        if (frequency.population() > 0 && e.names.readingA() >= 0) {
            PreparedRecord.Reading ra = a.readings.get(e.names.readingA()), rb = b.readings.get(e.names.readingB());
            PreparedRecord.Part bf = e.names.swapped() ? rb.given() : rb.family(), bg = e.names.swapped() ? rb.family() : rb.given();
            tf(e, FAMILY, ra.family(), bf, frequency);
            tf(e, GIVEN, ra.given(), bg, frequency);
        }

        // a near birth date by its kind: a keying error (one digit, two digits swapped, day and month swapped) keeps
        // ONE_OFF's weight; a part off by more than a keystroke (day 3 against 28) is no keying error and weighs 0
        boolean keyingError = e.levels[BIRTH] == 1 && FieldComparators.keyingError(a, b);
        if (e.levels[BIRTH] == 1 && !keyingError && e.weights[BIRTH] > 0) {
            e.weights[BIRTH] = 0.0;
            e.note(BIRTH, "not a keying error (a part differs by more than one keystroke): weighs nothing");
        }

        // non-identifying and frequent shared values; values that failed validation weigh less
        for (int f : new int[]{EMAIL, PHONE, DOCUMENT}) {
            if (e.levels[f] == 1 && f != DOCUMENT && onlyUnverified(a, b, (FieldComparators.SharedValue) OTHER[f])) {
                e.weights[f] = 0.0;
                e.note(f, "one side has only values that failed validation: a disagreement weighs nothing");
            }
            if (e.levels[f] != 0) continue;
            FieldComparators.SharedValue cmp = (FieldComparators.SharedValue) OTHER[f];
            // the shared value that weighs most: the fewest holders, a valid value before one that failed validation
            double best = -1;
            int bestHolders = 0;
            boolean bestUnverified = false;
            Set<String> other = cmp.values(b);
            for (String v : cmp.values(a)) {
                if (!cmp.agrees(v, other)) continue;
                int k = Math.max(2, frequency.holders(cmp.field(), cmp.key(v)));
                boolean unverified = PersonRecord.unverified(v);
                double w = k > config.maxHolders() ? 0.0 : sharedWeight(f, k, unverified);
                if (w > best) {
                    best = w;
                    bestHolders = k;
                    bestUnverified = unverified;
                }
            }
            if (best < 0) continue;
            e.weights[f] = best;
            if (!withNotes) continue; // the candidate loops: no evidence strings
            if (bestHolders > config.maxHolders())
                e.note(f, "non-identifying: held by " + bestHolders + " persons (cap " + config.maxHolders() + ")");
            else if (bestHolders > 2) e.note(f, "held by " + bestHolders + " persons: u x " + (bestHolders - 1));
            else e.note(f, "held by " + bestHolders + " persons");
            if (bestUnverified && bestHolders <= config.maxHolders())
                e.note(f, e.notes[f] + "; failed validation on both sides: u x " + UNVERIFIED_U_FACTOR);
        }

        // a document one keystroke off (a digit mistyped, left out, added, two swapped): it keeps the weight of a
        // different document (the model's DIFFERENT level was estimated with such typos in it), but it is a fact of
        // one person, not of a household
        if (e.levels[DOCUMENT] == 1 && nearDocuments(a, b)) {
            e.documentNear = true;
            e.note(DOCUMENT, "one keystroke apart (a mistyped number): a fact of one person");
        }

        // household contact: shared e-mail/phone says "same household" unless the given names agree closely
        int given = e.levels[GIVEN];
        boolean genderDisagrees = e.levels[GENDER] == 1;
        // "Mrs John Smith": a woman's title beside a given name the store holds for men names her husband. Against a
        // record of that name with no gender stated (his CRS profile), the names agree as a couple's do
        if (!genderDisagrees && husbandsName(a, b, e.names, frequency)) {
            genderDisagrees = true;
            e.note(GENDER, "a woman's title beside a given name the store holds for men: her husband's name");
        }
        // PHONETIC and JW85 count as disagreeing here: JOHN/JOAN and JEAN/JOHN sound alike and are couples
        boolean givenNotClose = given == FieldComparators.N_DIFFERENT || given == FieldComparators.N_JW85
                || given == FieldComparators.N_PHONETIC;
        // ... unless the two given names are one keystroke apart and both sides state the same gender: JOHN / JHON,
        // MARY / MRY, SUSAN / SUJAN are one name mistyped (JOHN / JOAN, the couple, differ in gender). With a gender
        // unknown, a name one keystroke from the other that nobody else on file holds is a typo too (JPHN, JARES,
        // KATEN): a couple's two names are each a name many people hold (JOHN / JOAN), a slip of the keys is one
        // record's (as for family names)
        if (givenNotClose && given != FieldComparators.N_DIFFERENT && !genderDisagrees && givenTypo(a, b, e.names)) {
            if (e.levels[GENDER] == 0) {
                givenNotClose = false;
                e.note(GIVEN, "one keystroke apart, same gender: a typo, not a household");
            } else if (givenHeldByNobodyElse(a, b, e.names, frequency)) {
                givenNotClose = false;
                e.note(GIVEN, "one keystroke apart, and nobody else on file holds the one: a typo, not a household");
            }
        }
        if (givenNotClose || genderDisagrees) {
            for (int f : new int[]{EMAIL, PHONE}) {
                if (e.levels[f] == 0 && e.weights[f] > 0) {
                    e.weights[f] = 0.0;
                    if (withNotes) e.note(f, "household contact: " + (genderDisagrees ? "genders differ" : "given names not close") + ", weighs nothing");
                }
            }
        }
        // postcode and locality are one fact (where the person lives) written twice; the model assumes independent
        // fields, so when both agree only the stronger counts
        if (e.weights[POSTCODE] > 0 && e.weights[LOCALITY] > 0) {
            int weaker = e.weights[POSTCODE] >= e.weights[LOCALITY] ? LOCALITY : POSTCODE;
            e.weights[weaker] = 0.0;
            if (withNotes) e.note(weaker, "same place as the agreeing " + (weaker == LOCALITY ? "postcode" : "locality") + ", weighs nothing");
        }

        // one place written twice, the other way round: beside a postcode that differs, a locality agreeing only
        // nearly (KENHURST NORTH / KENHURST SOUTH, HAMBURG / HOMBURG) is a neighbouring town, not a typo: weighs nothing
        if (e.levels[LOCALITY] == PLACE_CLOSE && e.levels[POSTCODE] == PLACE_DIFFERENT && e.weights[LOCALITY] > 0) {
            e.weights[LOCALITY] = 0.0;
            e.note(LOCALITY, "close, but the postcode differs: a neighbouring town, weighs nothing");
        }
        // a street name repeats from town to town: the same street with another house number (PARTIAL) says
        // something only in one place; where postcode or locality differ and neither agrees it weighs nothing
        boolean placeAgrees = e.weights[POSTCODE] > 0 || e.weights[LOCALITY] > 0;
        boolean placeDiffers = e.levels[POSTCODE] == PLACE_DIFFERENT || e.levels[LOCALITY] == PLACE_DIFFERENT;
        if (e.levels[ADDRESS] == ADDRESS_PARTIAL && e.weights[ADDRESS] > 0 && placeDiffers && !placeAgrees) {
            e.weights[ADDRESS] = 0.0;
            e.note(ADDRESS, "same street in another place (postcode or locality differ): weighs nothing");
        }
        // another town: postcode or locality differs and neither weighs for the pair
        boolean anotherTown = placeDiffers && !placeAgrees;

        double score = 0;
        for (double w : e.weights) score += w;
        e.score = score;

        // a near (not exact) birth date is what two different persons of one name show by coincidence; it vouches for
        // the pair only beside a name that is rare (not lowered as common) and agrees in the order written (not
        // swapped: ZHANG WEI and WEI ZHANG are both names of people)
        boolean nearDateCounts = keyingError && !e.names.swapped() && !commonName(e, frequency.population());
        boolean dateCorroborates = e.levels[BIRTH] == 0 && e.weights[BIRTH] > 0 || nearDateCounts && e.weights[BIRTH] > 0;
        int family = e.levels[FAMILY];
        // XIE ~ SU share a one-letter Double Metaphone code: a family name that agrees only by sound or loosely
        boolean familyNotClose = family == FieldComparators.N_DIFFERENT || family == FieldComparators.N_JW85
                || family == FieldComparators.N_PHONETIC;
        // paired the other way round, either part may be the family name (JIA JUN/SU against 谢嘉俊: the given names
        // agree, and SU against XIE is the family name): a part that is not close counts as the family name
        if (e.names.swapped() && given == FieldComparators.N_DIFFERENT) familyNotClose = true;
        // a family name one keystroke from the other's that nobody else on file holds is a typo of it (CHN / CHEN,
        // MSLLER / MILLER), not another surname: LIU / LI, CHENG / CHEN are each held by many. So is a Latin spelling
        // one keystroke from a Han writing's reading that spells no Han surname at all (WNAG beside 王), however many
        // clerks made the same slip
        if (familyNotClose && family != FieldComparators.N_DIFFERENT) {
            String typo = familyTypo(a, b, e.names, frequency);
            if (typo != null) {
                familyNotClose = false;
                e.note(FAMILY, typo);
            }
        }
        // the home (street and number, EXACT or CLOSE) corroborates; the street alone (PARTIAL) only beside the family
        // name: a neighbour down the street who shares a given name is no evidence
        boolean contactOrPlace = e.weights[DOCUMENT] > 0 || e.weights[EMAIL] > 0 || e.weights[PHONE] > 0
                || e.weights[ADDRESS] > 0 && (e.levels[ADDRESS] < ADDRESS_PARTIAL || family != FieldComparators.N_DIFFERENT);
        boolean corroborated = dateCorroborates || contactOrPlace;
        boolean givenDisagrees = given == FieldComparators.N_DIFFERENT;
        // given names alike only by sound or by shared letters (PHONETIC, JW85) and not one keystroke apart
        boolean givenSoundsAlikeOnly = (given == FieldComparators.N_PHONETIC || given == FieldComparators.N_JW85)
                && !givenTypo(a, b, e.names);
        boolean personLevel = e.levels[BIRTH] == 0 || (nearDateCounts && sameBirthDate(a, b, e.levels[BIRTH]))
                || e.weights[DOCUMENT] > 0 || e.documentNear;
        // no name in common (neither part agrees, straight or swapped): a birth date and a town are what strangers
        // share in a large store; only a document, e-mail, phone or the same home (street and number) joins them
        // (a part agrees when it is the same or nearly the same word, or still weighs something: WANG / FANG sound
        // alike, but common names weigh nothing)
        boolean noNameInCommon = !nameAgrees(e, GIVEN) && !nameAgrees(e, FAMILY);
        boolean identifierAgrees = e.weights[DOCUMENT] > 0 || e.weights[EMAIL] > 0 || e.weights[PHONE] > 0
                || e.levels[ADDRESS] < ADDRESS_PARTIAL && e.weights[ADDRESS] > 0;
        // finer than the town: the same postcode, the same street or home, or a document (shared or one keystroke
        // off), e-mail or phone
        boolean finerThanTown = e.levels[POSTCODE] == 0 || e.weights[ADDRESS] > 0 || e.documentNear
                || e.weights[DOCUMENT] > 0 || e.weights[EMAIL] > 0 || e.weights[PHONE] > 0;
        if (score >= config.autoMerge()) {
            e.decision = Decision.REVIEW;
            e.reason = (givenDisagrees || genderDisagrees) && !personLevel
                    ? "household: only household-level fields agree" : !corroborated ? "only names/gender/place agree" : "autoMerge";
            if (genderDisagrees && e.weights[DOCUMENT] <= 0) {
                // WHITE/JOHN MRS and WHITE/JOHN MR: a wife booked under her husband's name shares his names and
                // often his contacts; a gender the source or a title states is a hard fact only a document outweighs
                e.reason = "genders differ";
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but genders differ and no document is shared: review",
                        score, config.autoMerge());
            } else if (e.levels[BIRTH] == BIRTH_DIFFERENT && e.weights[DOCUMENT] <= 0
                    && (e.weights[EMAIL] > 0 || e.weights[PHONE] > 0)) {
                // a shared e-mail or phone beside birth dates that differ outright (not a keying error): what a father
                // and a son of one name at one home, or a wife booked under her husband's name, hold
                e.reason = "birth dates differ";
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but the birth dates differ and only a shared e-mail or phone agrees "
                                + "(no document): review", score, config.autoMerge());
            } else if ((givenDisagrees || givenSoundsAlikeOnly) && commonFamily(e) && !contactOrPlace && !placeAgrees) {
                // given names that differ outright leave a family name many guests hold and a birth date: what two
                // strangers share (SMITH CHARLOTTE and SMITH NICOLE, 张婷 and 张敏 born the same day). So do two given
                // names that only sound alike or share letters and are no keystroke slip of one another (LIN and
                // LANYI, JOHN and JOAN): a slip of the keyboard is one letter, two names are two names
                e.reason = "given names differ beside a common family name";
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but given names differ beside a common family name and nothing but "
                                + "the birth date agrees (no document, contact, address or place): review", score, config.autoMerge());
            } else if (noNameInCommon && !identifierAgrees) {
                e.reason = "no name in common";
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but neither name agrees and no document, e-mail, phone or home is shared: review",
                        score, config.autoMerge());
            } else if (anotherTown && !contactOrPlace) {
                // names and a birth date beside another town: in a store of a million guests a namesake born the same
                // day turns up far more often than a guest who moved and kept no contact, document or address
                e.reason = "another town";
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but the postcode or locality differs and no document, contact or "
                                + "address agrees: review", score, config.autoMerge());
            } else if (familyNotClose && !contactOrPlace && e.weights[POSTCODE] <= 0 && e.weights[LOCALITY] <= 0) {
                e.reason = "family names not close";
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but family names are not close and nothing but the given name and "
                                + "birth date agrees (no document, contact or place): review", score, config.autoMerge());
            } else if (e.levels[DOCUMENT] == 1 && !contactOrPlace && kindsKnownDiffer(a, b)) {
                // two documents of one kind that differ, and only the name and birth date agree: that is what two
                // namesakes born the same day look like (张敏 and 张敏, two passports). A renewed passport of the same
                // guest still merges where an e-mail, phone or address agrees. Only documents whose kind both sources
                // named: a value of unknown kind may be another document altogether, and its difference keeps its
                // weight alone (FEBRL's numbers carry keying errors and no kind)
                e.reason = "a document differs";
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but a document of one kind differs and nothing but the name and "
                                + "birth date agrees (no contact or address): review", score, config.autoMerge());
            } else if (!contactOrPlace && e.levels[BIRTH] == 0 && closeFamily(family)
                    && otherHanWriting(a, b, frequency)) {
                e.reason = "another Han writing fits";
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but the Latin reading also fits a guest who wrote the family name "
                                + "with another Han character (same given name and birth date) and no document or contact "
                                + "agrees: review", score, config.autoMerge());
            } else if ((givenDisagrees || genderDisagrees) && !personLevel) {
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but %s and only household-level fields agree (no birth date or document): review",
                        score, config.autoMerge(), givenDisagrees ? "given names differ" : "genders differ");
            } else if ((givenDisagrees || familyNotClose) && !finerThanTown) {
                // half a name, a birth date and the town: in a store of a million guests, two persons of one family
                // name (or one given name) born the same day in a town of thousands turn up by chance; a guest whose
                // clerk replaced or mangled one name still shares a finer place or an identifier
                e.reason = "half a name";
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but %s and nothing finer than the town agrees (no postcode, street, "
                                + "document, e-mail or phone): review", score, config.autoMerge(),
                        givenDisagrees ? "given names differ" : "family names are not close");
            } else if (!corroborated) {
                if (withNotes) e.rule = String.format(Locale.ROOT,
                        "score %.2f >= autoMerge %.2f but only names/gender/place agree%s: review", score, config.autoMerge(),
                        e.levels[BIRTH] != 1 ? "" : e.names.swapped() ? " (a near birth date beside a swapped name is no proof)"
                                : e.namesakes >= 1 ? String.format(Locale.ROOT, " (a near birth date is no proof beside a name "
                                + "the store holds for %.1f persons)", e.namesakes) : "");
            } else {
                e.decision = Decision.MERGE;
                if (withNotes) e.rule = String.format(Locale.ROOT, "score %.2f >= autoMerge %.2f", score, config.autoMerge());
            }
        } else if (score >= config.review()) {
            e.decision = Decision.REVIEW;
            e.reason = "review band";
            if (withNotes) e.rule = String.format(Locale.ROOT, "review %.2f <= score %.2f < autoMerge %.2f", config.review(), score, config.autoMerge());
        } else {
            e.decision = Decision.DIFFERENT;
            e.reason = "below review";
            if (withNotes) e.rule = String.format(Locale.ROOT, "score %.2f < review %.2f", score, config.review());
        }
        return e;
    }

    static final int PLACE_CLOSE = 1, PLACE_DIFFERENT = 2, ADDRESS_PARTIAL = 2, BIRTH_DIFFERENT = 3;

    /**
     * Why the paired family names are one surname mistyped, or null when they may be two surnames. Both must be one
     * keystroke apart (each of 3+ letters), and then either one of them is held by no other profile of a store whose
     * population is known (a mistyped surname is one guest's, LIU / LI are each many guests'), or one is a Han
     * guest's family reading and the other, written in Latin, is no romanised spelling of any Han surname
     * ({@link HanSurnameSpellings}: WNAG, WAGN beside 王 WANG): two clerks may make the same slip on the commonest
     * surname, so its holders do not say it is no surname, but its letters do. WAN, the reading of 万, stays a
     * surname beside WANG however many hold it.
     */
    private static String familyTypo(PreparedRecord a, PreparedRecord b, FieldComparators.NameMatch names, ValueFrequency frequency) {
        if (names.readingA() < 0) return null;
        PreparedRecord.Reading ra = a.readings.get(names.readingA()), rb = b.readings.get(names.readingB());
        PreparedRecord.Part x = ra.family(), y = names.swapped() ? rb.given() : rb.family();
        if (x.missing() || y.missing() || x.joined().length() < 3 || y.joined().length() < 3) return null;
        if (!FieldComparators.oneKeystroke(x.joined(), y.joined())) return null;
        if (frequency.population() > 0 && Math.min(holders(x, true, frequency), holders(y, !names.swapped(), frequency)) <= 1)
            return "one keystroke apart, and nobody else on file holds the one: a typo";
        if (hanReadingMistyped(a, x, b, y, !names.swapped()) || !names.swapped() && hanReadingMistyped(b, y, a, x, true))
            return "one keystroke from the Han writing's reading, and no spelling of any Han surname: a typo";
        return null;
    }

    /**
     * Whether {@code han}'s part {@code h} is the reading of a family name it wrote in Han, and {@code latin}'s part
     * {@code l} (its family name, or its given name where {@code lFamily} is false), written in Latin, could not
     * spell any Han surname of that many characters.
     */
    private static boolean hanReadingMistyped(PreparedRecord han, PreparedRecord.Part h, PreparedRecord latin,
                                              PreparedRecord.Part l, boolean lFamily) {
        int characters = 0;
        for (ComparableName n : han.record.names()) {
            if (!n.hanFamily().isEmpty() && n.family().equals(h.text())) {
                characters = n.hanFamily().codePointCount(0, n.hanFamily().length());
                break;
            }
        }
        if (characters < 1 || characters > 2) return false;
        boolean writtenInLatin = false;
        for (ComparableName n : latin.record.names()) {
            if (n.hanFamily().isEmpty() && (lFamily ? n.family() : n.given()).equals(l.text())) {
                writtenInLatin = true;
                break;
            }
        }
        return writtenInLatin && !HanSurnameSpellings.couldSpell(l.text(), characters);
    }

    /**
     * Whether one side is a woman (her title or the source says F) whose given name in the pairing is one the store
     * holds for men (at least 3 holders with the gender M stated, four times as many as with F), and the other side
     * states no gender: the wife booked under her husband's name (WHITE/JOHN MRS), met with his own profile. Not where
     * the woman wrote her name in Han: the convention is not a Chinese one. Unknown
     * frequencies (population 0): no.
     */
    private static boolean husbandsName(PreparedRecord a, PreparedRecord b, FieldComparators.NameMatch names, ValueFrequency frequency) {
        if (names.readingA() < 0 || frequency.population() <= 0) return false;
        boolean aWoman = "F".equals(a.record.gender()), bWoman = "F".equals(b.record.gender());
        if (aWoman == bWoman || (aWoman ? b : a).record.gender() != null) return false;
        // the convention is a Western one: a Chinese wife keeps her own name (杨伟, a woman, is no husband's name)
        if (!(aWoman ? a : b).hanFamilies.isEmpty()) return false;
        PreparedRecord.Part given = aWoman ? a.readings.get(names.readingA()).given() : b.readings.get(names.readingB()).given();
        if (given.missing() || given.initialOnly()) return false;
        int men = frequency.holders(ValueFrequency.GIVEN_MEN, given.text());
        return men >= 3 && men >= 4 * frequency.holders(ValueFrequency.GIVEN_WOMEN, given.text());
    }

    /** Whether the family names agree on a name the store holds often enough that term frequency lowered its weight. */
    private boolean commonFamily(Eval e) {
        int level = e.levels[FAMILY];
        return level >= 0 && e.nameHolders[FAMILY] > 0 && e.weights[FAMILY] < weights[FAMILY][level] - 1e-9;
    }

    /** Whether one of the paired given names is held by no other profile of a store whose population is known. */
    private static boolean givenHeldByNobodyElse(PreparedRecord a, PreparedRecord b, FieldComparators.NameMatch names,
                                                 ValueFrequency frequency) {
        if (names.readingA() < 0 || frequency.population() <= 0) return false;
        PreparedRecord.Reading ra = a.readings.get(names.readingA()), rb = b.readings.get(names.readingB());
        PreparedRecord.Part y = names.swapped() ? rb.family() : rb.given();
        return Math.min(holders(ra.given(), false, frequency), holders(y, names.swapped(), frequency)) <= 1;
    }

    /** Whether the paired given names (swapped where the pairing is) are one keystroke apart, each of 3+ letters. */
    private static boolean givenTypo(PreparedRecord a, PreparedRecord b, FieldComparators.NameMatch names) {
        if (names.readingA() < 0) return false;
        PreparedRecord.Reading ra = a.readings.get(names.readingA()), rb = b.readings.get(names.readingB());
        PreparedRecord.Part x = ra.given(), y = names.swapped() ? rb.family() : rb.given();
        if (x.missing() || y.missing() || x.joined().length() < 3 || y.joined().length() < 3) return false;
        return FieldComparators.oneKeystroke(x.joined(), y.joined());
    }

    private static boolean nameAgrees(Eval e, int f) {
        int level = e.levels[f];
        return level == FieldComparators.N_EXACT || level == FieldComparators.N_JW94 || level >= 0 && e.weights[f] > 0;
    }

    /**
     * How much more often two different persons share a value that failed validation (a phone libphonenumber
     * rejects, an e-mail without a plausible domain) than a valid one: its u is multiplied by this (4 bits less, an
     * agreement on unverified digits weighs +8.55 instead of +12.55 with the shipped phone levels). Why weaker: a
     * valid E.164 number is one line in one country's numbering plan, while the invalid strings a front desk types
     * include truncated local numbers (seven digits without the area code, shared across a city), extensions, the
     * hotel's own switchboard typed into the guest's box and dummies the placeholder list does not know yet; such
     * strings coincide between strangers far more often. 16 is set by hand (no labelled data has such values): with
     * agreeing names it still merges (names ~+14 bits), alone or with a common name it reaches review, not a merge.
     * The holder count applies on top, so a string many profiles share still weighs nothing.
     */
    static final int UNVERIFIED_U_FACTOR = 16;

    /** Whether two documents of a kind both sides named (type, and country where both give one) differ. */
    private static boolean kindsKnownDiffer(PreparedRecord a, PreparedRecord b) {
        for (String x : a.record.documents()) {
            if (x.indexOf('|') < 0) continue;
            for (String y : b.record.documents()) {
                if (y.indexOf('|') >= 0 && PersonRecord.documentsComparable(x, y)
                        && !PersonRecord.documentHash(x).equals(PersonRecord.documentHash(y))) return true;
            }
        }
        return false;
    }

    /** Whether a document of each side, of one kind, are one keystroke apart ({@link PersonRecord#documentsNear}). */
    private static boolean nearDocuments(PreparedRecord a, PreparedRecord b) {
        for (String x : a.record.documents()) {
            if (x.indexOf(PersonRecord.NEAR) < 0) continue;
            for (String y : b.record.documents())
                if (PersonRecord.documentsComparable(x, y) && PersonRecord.documentsNear(x, y)) return true;
        }
        return false;
    }

    private static boolean closeFamily(int level) {
        return level == FieldComparators.N_EXACT || level == FieldComparators.N_JW94;
    }

    /**
     * Whether one side wrote its family name in Han, the other only in Latin, and the store holds somebody else who
     * wrote the Han side's reading, given name and birth date with a Han family name the Han side never wrote: a
     * Latin XU WEI born on 1979-03-14 reads 徐伟 and 许伟 alike, so when both were born that day the reading cannot say
     * which one it is, and the name and birth date decide nothing (only a document or contact can). No threshold: a
     * count of profiles against a count of profiles ({@link ValueFrequency#writingKeys}); where no such other writer is
     * on file (most readings, most days) the Latin reading meets the Han writing as before.
     */
    static boolean otherHanWriting(PreparedRecord a, PreparedRecord b, ValueFrequency frequency) {
        if (a.hanFamilies.isEmpty() == b.hanFamilies.isEmpty()) return false;
        PreparedRecord han = a.hanFamilies.isEmpty() ? b : a;
        if (han.record.birthDate() == null) return false;
        String date = han.record.birthDate().toString();
        for (var n : han.record.names()) {
            if (n.hanFamily().isEmpty() || n.family().isBlank()) continue;
            String reading = ValueFrequency.reading(n.family()), given = ValueFrequency.given(n.given());
            int readers = frequency.holders(ValueFrequency.HAN_READING, reading + "|" + given + "|" + date);
            if (readers == 0) continue;
            // every writing of this reading the Han side itself holds (a homophone typo merged earlier is its own)
            int writers = 0;
            Set<String> seen = new java.util.HashSet<>();
            for (var m : han.record.names()) {
                if (m.hanFamily().isEmpty() || !seen.add(m.hanFamily()) || !ValueFrequency.reading(m.family()).equals(reading))
                    continue;
                writers += frequency.holders(ValueFrequency.HAN_WRITING, m.hanFamily() + "|" + given + "|" + date);
            }
            if (readers > writers) return true;
        }
        return false;
    }

    /** The weight of a shared e-mail/phone/document held by {@code holders} persons (2 = just the pair). */
    private double sharedWeight(int f, int holders, boolean unverified) {
        if (holders <= 2 && !unverified) return weights[f][0];
        double uEff = Math.min(1.0, u[f][0] * Math.max(1, holders - 1) * (unverified ? UNVERIFIED_U_FACTOR : 1));
        return Math.max(0.0, Math.log(m[f][0] / uEff) / Math.log(2));
    }

    /**
     * True when one side's values all failed validation: a number the library rejects is often a mistyped form of
     * the valid one on the other side, so their disagreement is no evidence against (before, such a value was
     * dropped and the field was missing: 0).
     */
    private static boolean onlyUnverified(PreparedRecord a, PreparedRecord b, FieldComparators.SharedValue cmp) {
        return allUnverified(cmp.values(a)) || allUnverified(cmp.values(b));
    }

    private static boolean allUnverified(Set<String> values) {
        if (values.isEmpty()) return false;
        for (String v : values) if (!PersonRecord.unverified(v)) return false;
        return true;
    }

    /**
     * Birth dates that identify a person: EXACT, or ONE_OFF by a keying error (same year with month/day off or
     * swapped, or a year one digit or one transposition away). Same day and month seventeen years apart is ONE_OFF
     * for scoring but is how couples' birthdays coincide, not evidence of one person.
     */
    private static boolean sameBirthDate(PreparedRecord a, PreparedRecord b, int level) {
        if (level == 0) return true;
        if (level != 1) return false;
        return a.year == b.year || FieldComparators.oneEditSameLength(Integer.toString(a.year), Integer.toString(b.year));
    }

    /**
     * Lowers a name weight (EXACT, JW94, PHONETIC, JW85) to log2(m / (holders / population)) when the more common of
     * the two names is frequent enough for that to be lower (never below 0). Each side is counted under the field it
     * was entered in (a swapped pairing compares a's family name with b's given name).
     */
    private void tf(Eval e, int f, PreparedRecord.Part x, PreparedRecord.Part y, ValueFrequency frequency) {
        int level = e.levels[f];
        if (level < 0 || level > FieldComparators.N_JW85) return;
        int holders = Math.max(holders(x, f == FAMILY, frequency), holders(y, f == FAMILY ^ e.names.swapped(), frequency));
        e.nameHolders[f] = holders;
        double uTf = (double) holders / frequency.population();
        if (uTf <= u[f][level]) return;
        double w = Math.max(0.0, Math.log(m[f][level] / uTf) / Math.log(2));
        if (w >= e.weights[f]) return;
        e.weights[f] = w;
        // the note only when evidence is written: formatting it for every candidate pair was a tenth of linking's time
        if (e.notes != null)
            e.note(f, String.format(Locale.ROOT, "common name: %d of %d hold it, weight lowered", holders, frequency.population()));
    }

    /**
     * True when the store is expected to hold another person of this whole name: family holders x given holders /
     * population >= 1 (ZHANG held by 90 and WEI by 60 of 3,000 persons: 1.8 namesakes; BENJAMIN 54 and CAMES 7 of
     * 5,000: 0.08). A missing part counts as held by everybody. Unknown frequencies (population 0): not common.
     */
    private static boolean commonName(Eval e, long population) {
        if (population <= 0 || e.nameHolders[FAMILY] < 0 && e.nameHolders[GIVEN] < 0) return false;
        double f = e.nameHolders[FAMILY] < 0 ? population : e.nameHolders[FAMILY];
        double g = e.nameHolders[GIVEN] < 0 ? population : e.nameHolders[GIVEN];
        e.namesakes = f * g / population;
        return e.namesakes >= 1.0;
    }

    private static int holders(PreparedRecord.Part p, boolean family, ValueFrequency frequency) {
        return frequency.holders(family ? "family" : "given", family ? p.canonical() : p.text());
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
