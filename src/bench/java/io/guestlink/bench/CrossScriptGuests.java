package io.guestlink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The cross-script benchmark set: several systems writing the same persons, each its own way, with the truth (the
 * person behind each record) kept beside the files, never in them. Deterministic for a seed.
 *
 * <p>Systems and their files (the feed files are {@code config/sources/cn-pms-guests.yaml} as shipped, and
 * {@code src/bench/resources/bench/xs-intl-pms.yaml}, {@code xs-crs.yaml}):
 * <ul>
 *   <li><b>CNPMS</b>: a Chinese PMS export, GBK, Chinese headers; names in Han script family first without a space
 *       (王伟, 欧阳娜娜), a few foreigners in Latin (either order); 性别 男/女; resident ID card (身份证, valid check
 *       digit) or passport; national mobile numbers; no e-mail column; dates {@code 2026/6/15}.</li>
 *   <li><b>OPERA</b>: an international PMS export, UTF-8 CSV, names {@code LAST/FIRST TITLE} (ZHANG/WEI MR, WHITE/JOHN
 *       MRS) with no gender column, passport, e-mail, phone with its country code, {@code dd-MMM-yy} dates.</li>
 *   <li><b>CRS</b>: a central reservation system's JSON lines: first and last name fields (sometimes typed the other
 *       way round, sometimes in Han), title (Mr, Ms, 先生, 女士), e-mail, phone, a document now and then.</li>
 * </ul>
 *
 * <p>Persons: 55% Chinese (Zipf surnames, compound surnames 欧阳 司马 诸葛 … at 3%, 12% of names from the most common
 * full names 王伟 张伟 李娜 …), 38% Western, 7% Korean or Japanese. Designed confusions, each a pair of two different
 * persons: couples sharing an e-mail and/or phone (10% of persons are in a couple; Western couples share a
 * family name, a wife is now and then booked under her husband's name, WHITE/JOHN MRS); the same common name with a
 * birth date one digit off (1% of persons), or the same birth date (0.5%); family and given name the other way round
 * (王伟 / 魏旺, ZHANG WEI / WEI ZHANG) with nearby birth dates (0.5%); homophone or similar surnames (徐/许, 谢/苏)
 * with the same given name and birth date (0.5%). Record noise: front-desk dummies (13800000000, test@test.com, a@a.com, 000000), phones libphonenumber judges
 * invalid (North American exchanges starting with 1, Chinese mobiles starting 12), birth dates with one digit wrong or
 * day and month swapped or missing, name typos, pinyin syllables spaced or joined, compound surnames split after
 * their first character, order swaps, a PMS's own duplicate profiles.
 *
 * <p>The unit the benchmark scores is a source profile (system + guest key); a profile has one or two reservations.
 */
final class CrossScriptGuests {

    enum Sys { CNPMS, OPERA, CRS }

    /** How a record was made differently from its person, for reporting missed pairs. */
    enum Trait {
        HAN, COMPOUND_SURNAME, COMPOUND_SPLIT, ORDER_SWAP, SYLLABLES_SPACED, NAME_TYPO, NO_TITLE, WIFE_AS_HUSBAND,
        DOB_MISSING, DOB_DIGIT, DOB_SWAP, DOB_DUMMY, ID_CARD, PASSPORT, DOC_MISSING, PHONE_INVALID, PHONE_MISSING,
        PHONE_DUMMY, EMAIL_MISSING, EMAIL_DUMMY
    }

    enum Kind { CHINESE, WESTERN, EAST_ASIAN }

    /** Two different persons made alike on purpose; the label is the cause reported when they are merged. */
    enum Relation {
        HOUSEHOLD("household: shared e-mail/phone"),
        DOB_DIGIT("common name + birth date one digit off"),
        SAME_DOB("common name + same birth date"),
        ORDER_SWAP("name order swap (ZHANG WEI / WEI ZHANG) + nearby birth date"),
        SIMILAR_SURNAME("homophone/similar surname (XU/XU, XIE~SU) + same given name and birth date");

        final String label;

        Relation(String label) {
            this.label = label;
        }
    }

    static final class Person {
        final int id;
        final Kind kind;
        String hanFamily, hanGiven;          // Chinese persons only
        String family;                       // Latin reading, upper case
        List<String> given;                  // given-name syllables (Chinese) or one token
        boolean male;
        boolean married;
        LocalDate birth;
        String email;
        Phone phone;
        String idCard, passport;
        String nationality;

        Person(int id, Kind kind) {
            this.id = id;
            this.kind = kind;
        }

        String givenJoined() {
            return String.join("", given);
        }

        boolean compound() {
            return hanFamily != null && hanFamily.length() == 2;
        }

        String reading() {
            return family + " " + givenJoined();
        }
    }

    /** A phone as the person has it: country code and national digits; {@code valid} false = libphonenumber rejects it. */
    record Phone(String cc, String national, boolean valid) {
        String international() {
            return "+" + cc + " " + national;
        }
    }

    /**
     * One row of one file. {@code values} holds the cells as written; {@code duke*} the same values as a Duke user
     * would clean them (name lower-cased without title or slash, phone digits, birth date ISO).
     */
    static final class Rec {
        final Sys sys;
        final String confirmation, guestKey;
        final int person;
        final Set<Trait> traits = EnumSet.noneOf(Trait.class);
        final Map<String, String> values = new LinkedHashMap<>();
        String dukeName, dukeBirth, dukeEmail, dukePhone, dukeDoc;

        Rec(Sys sys, String confirmation, String guestKey, int person) {
            this.sys = sys;
            this.confirmation = confirmation;
            this.guestKey = guestKey;
            this.person = person;
        }

        String unit() {
            return sys + ":" + guestKey;
        }

        boolean han() {
            return traits.contains(Trait.HAN);
        }
    }

    record Data(long seed, List<Person> persons, List<Rec> records, Map<Long, Relation> relations) {
        Relation relation(int a, int b) {
            return relations.get(pairKey(a, b));
        }
    }

    static long pairKey(int a, int b) {
        return ((long) Math.min(a, b) << 32) | Math.max(a, b);
    }

    // ---- name pools -----------------------------------------------------------------------------------------------

    /** Chinese surnames with their pinyin, most common first (Zipf weights). */
    private static final String[][] CN_FAMILY = {{"王", "WANG"}, {"李", "LI"}, {"张", "ZHANG"}, {"刘", "LIU"}, {"陈", "CHEN"},
            {"杨", "YANG"}, {"黄", "HUANG"}, {"赵", "ZHAO"}, {"吴", "WU"}, {"周", "ZHOU"}, {"徐", "XU"}, {"孙", "SUN"},
            {"马", "MA"}, {"朱", "ZHU"}, {"胡", "HU"}, {"郭", "GUO"}, {"何", "HE"}, {"林", "LIN"}, {"罗", "LUO"}, {"高", "GAO"},
            {"谢", "XIE"}, {"苏", "SU"}, {"梁", "LIANG"}, {"宋", "SONG"}, {"郑", "ZHENG"}, {"唐", "TANG"}, {"许", "XU"},
            {"韩", "HAN"}, {"冯", "FENG"}, {"邓", "DENG"}, {"曹", "CAO"}, {"彭", "PENG"}, {"曾", "ZENG"}, {"肖", "XIAO"},
            {"田", "TIAN"}, {"董", "DONG"}, {"袁", "YUAN"}, {"潘", "PAN"}, {"于", "YU"}, {"蒋", "JIANG"}, {"蔡", "CAI"},
            {"余", "YU"}, {"杜", "DU"}, {"叶", "YE"}, {"程", "CHENG"}, {"魏", "WEI"}, {"丁", "DING"}, {"任", "REN"},
            {"沈", "SHEN"}, {"姚", "YAO"}, {"卢", "LU"}, {"姜", "JIANG"}, {"崔", "CUI"}, {"钟", "ZHONG"}, {"谭", "TAN"},
            {"陆", "LU"}, {"汪", "WANG"}, {"范", "FAN"}, {"金", "JIN"}, {"石", "SHI"}, {"廖", "LIAO"}, {"贾", "JIA"},
            {"夏", "XIA"}, {"付", "FU"}, {"方", "FANG"}, {"白", "BAI"}, {"邹", "ZOU"}, {"孟", "MENG"}, {"熊", "XIONG"},
            {"秦", "QIN"}, {"邱", "QIU"}, {"江", "JIANG"}, {"尹", "YIN"}, {"薛", "XUE"}, {"段", "DUAN"}, {"雷", "LEI"},
            {"侯", "HOU"}, {"龙", "LONG"}, {"史", "SHI"}, {"陶", "TAO"}, {"黎", "LI"}, {"贺", "HE"}, {"顾", "GU"}, {"毛", "MAO"},
            {"郝", "HAO"}, {"龚", "GONG"}, {"邵", "SHAO"}, {"万", "WAN"}, {"钱", "QIAN"}, {"严", "YAN"}, {"戴", "DAI"},
            {"孔", "KONG"}, {"汤", "TANG"}, {"单", "SHAN"}};
    private static final String[][] CN_COMPOUND = {{"欧阳", "OUYANG"}, {"司马", "SIMA"}, {"诸葛", "ZHUGE"}, {"上官", "SHANGGUAN"},
            {"司徒", "SITU"}, {"东方", "DONGFANG"}, {"皇甫", "HUANGFU"}, {"慕容", "MURONG"}, {"夏侯", "XIAHOU"}, {"令狐", "LINGHU"}};
    private static final String[][] CN_GIVEN_M = {{"伟", "WEI"}, {"强", "QIANG"}, {"磊", "LEI"}, {"军", "JUN"}, {"洋", "YANG"},
            {"勇", "YONG"}, {"杰", "JIE"}, {"涛", "TAO"}, {"明", "MING"}, {"超", "CHAO"}, {"华", "HUA"}, {"平", "PING"},
            {"刚", "GANG"}, {"凯", "KAI"}, {"鹏", "PENG"}, {"辉", "HUI"}, {"建", "JIAN"}, {"国", "GUO"}, {"文", "WEN"},
            {"浩", "HAO"}, {"宇", "YU"}, {"博", "BO"}, {"子", "ZI"}, {"轩", "XUAN"}, {"俊", "JUN"}, {"志", "ZHI"}, {"海", "HAI"},
            {"波", "BO"}, {"斌", "BIN"}, {"峰", "FENG"}, {"晓", "XIAO"}, {"东", "DONG"}, {"亮", "LIANG"}, {"飞", "FEI"},
            {"龙", "LONG"}, {"成", "CHENG"}, {"天", "TIAN"}, {"新", "XIN"}, {"立", "LI"}, {"永", "YONG"}, {"健", "JIAN"},
            {"玉", "YU"}, {"晨", "CHEN"}, {"嘉", "JIA"}};
    private static final String[][] CN_GIVEN_F = {{"芳", "FANG"}, {"娜", "NA"}, {"敏", "MIN"}, {"静", "JING"}, {"丽", "LI"},
            {"艳", "YAN"}, {"娟", "JUAN"}, {"秀", "XIU"}, {"英", "YING"}, {"霞", "XIA"}, {"桂", "GUI"}, {"兰", "LAN"},
            {"红", "HONG"}, {"梅", "MEI"}, {"琳", "LIN"}, {"婷", "TING"}, {"雪", "XUE"}, {"欣", "XIN"}, {"怡", "YI"},
            {"佳", "JIA"}, {"涵", "HAN"}, {"然", "RAN"}, {"思", "SI"}, {"雨", "YU"}, {"慧", "HUI"}, {"颖", "YING"},
            {"倩", "QIAN"}, {"莉", "LI"}, {"燕", "YAN"}, {"萍", "PING"}, {"春", "CHUN"}, {"晓", "XIAO"}, {"玉", "YU"},
            {"晨", "CHEN"}, {"嘉", "JIA"}, {"月", "YUE"}};
    /** The most common full names (family, given, male): drawn for 12% of Chinese persons, Zipf. */
    private static final String[][] CN_COMMON = {{"王", "伟", "M"}, {"张", "伟", "M"}, {"王", "芳", "F"}, {"李", "伟", "M"},
            {"李", "娜", "F"}, {"王", "秀英", "F"}, {"李", "秀英", "F"}, {"刘", "伟", "M"}, {"张", "敏", "F"}, {"李", "静", "F"},
            {"张", "丽", "F"}, {"王", "静", "F"}, {"王", "丽", "F"}, {"李", "强", "M"}, {"张", "静", "F"}, {"李", "敏", "F"},
            {"王", "敏", "F"}, {"王", "磊", "M"}, {"李", "军", "M"}, {"刘", "洋", "M"}};
    /** Surname and a given-name character read the same: the raw material of order-swapped pairs. */
    private static final String[][] SWAPPABLE = {{"王", "旺", "WANG"}, {"张", "章", "ZHANG"}, {"李", "丽", "LI"},
            {"魏", "伟", "WEI"}, {"杨", "洋", "YANG"}, {"林", "琳", "LIN"}, {"金", "锦", "JIN"}, {"雷", "磊", "LEI"},
            {"方", "芳", "FANG"}, {"胡", "湖", "HU"}};
    /** Surnames that read alike or close: the raw material of similar-surname pairs. */
    private static final String[][] SIMILAR = {{"徐", "XU", "许", "XU"}, {"谢", "XIE", "苏", "SU"}, {"陈", "CHEN", "程", "CHENG"},
            {"王", "WANG", "汪", "WANG"}, {"李", "LI", "黎", "LI"}, {"江", "JIANG", "姜", "JIANG"}};

    private static final String[] W_FAMILY = {"SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS", "WILSON",
            "TAYLOR", "WHITE", "HARRIS", "CLARK", "LEWIS", "WALKER", "YOUNG", "KING", "WRIGHT", "SCOTT", "GREEN", "BAKER",
            "MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER", "BECKER", "MARTIN", "BERNARD",
            "DUBOIS", "MOREAU", "LAURENT", "GARCIA", "MARTINEZ", "LOPEZ", "ROSSI", "RUSSO", "MURPHY", "KELLY", "ANDERSON",
            "THOMPSON", "ROBINSON", "MITCHELL", "CAMPBELL", "STEWART", "MORRIS", "COOK", "BELL", "COOPER"};
    private static final String[] W_GIVEN_M = {"JOHN", "JAMES", "ROBERT", "MICHAEL", "DAVID", "WILLIAM", "RICHARD", "THOMAS",
            "DANIEL", "PAUL", "MARK", "PETER", "ANDREAS", "STEFAN", "PIERRE", "JEAN", "MARCO", "LUCA", "CARLOS", "JUAN",
            "GEORGE", "EDWARD", "CHRISTOPHER", "MATTHEW", "ANDREW"};
    private static final String[] W_GIVEN_F = {"MARY", "PATRICIA", "JENNIFER", "LINDA", "ELIZABETH", "SUSAN", "SARAH",
            "KAREN", "ANNA", "SABINE", "JULIA", "MARIA", "CLAIRE", "SOPHIE", "GIULIA", "LAURA", "EMMA", "CHARLOTTE",
            "HELEN", "CATHERINE", "RACHEL", "NICOLE", "MONIKA", "ISABELLE", "CARMEN"};
    /** Korean, Japanese, Vietnamese persons: family, given (m), given (f), nationality. */
    private static final String[][] EA_FAMILY = {{"KIM", "KR"}, {"LEE", "KR"}, {"PARK", "KR"}, {"CHOI", "KR"}, {"JUNG", "KR"},
            {"SATO", "JP"}, {"SUZUKI", "JP"}, {"TAKAHASHI", "JP"}, {"TANAKA", "JP"}, {"WATANABE", "JP"}};
    private static final Map<String, String[][]> EA_GIVEN = Map.of(
            "KR", new String[][]{{"MIN JUN", "JI HOON", "SEO JUN", "DONG HYUN"}, {"JI YEON", "SEO YEON", "MIN JI", "SO YOUNG"}},
            "JP", new String[][]{{"HIROSHI", "TAKESHI", "KENJI", "DAIKI"}, {"YUKI", "HARUKA", "AKIKO", "AYAKA"}});
    private static final String[][] W_NATIONALITY = {{"US", "美国"}, {"GB", "英国"}, {"DE", "德国"}, {"FR", "法国"}, {"AU", "澳大利亚"}};
    private static final Map<String, String> CN_COUNTRY = Map.of("CN", "中国", "HK", "中国香港", "TW", "中国台湾", "SG", "新加坡",
            "MY", "马来西亚", "US", "美国", "GB", "英国", "DE", "德国", "FR", "法国", "AU", "澳大利亚");
    private static final Map<String, String> CN_COUNTRY_MORE = Map.of("JP", "日本", "KR", "韩国");
    private static final String[] MAIL_DOMAINS = {"gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com"};
    private static final String[] CN_MAIL_DOMAINS = {"qq.com", "163.com", "126.com", "sina.com", "gmail.com"};
    private static final String[] ID_REGIONS = {"110101", "310101", "440106", "510104", "330106", "320102", "420102", "210102"};

    private static final DateTimeFormatter CN_DATE = DateTimeFormatter.ofPattern("yyyy/M/d");
    private static final DateTimeFormatter OPERA_DATE = DateTimeFormatter.ofPattern("dd-MMM-yy", Locale.ENGLISH);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE;

    private final SplittableRandom rnd;
    private final List<Person> persons = new ArrayList<>();
    private final Map<Long, Relation> relations = new HashMap<>();
    private final List<Rec> records = new ArrayList<>();
    private final Set<String> emails = new java.util.HashSet<>();
    private int nextConfirmation = 1, nextGuestKey = 1;

    private CrossScriptGuests(long seed) {
        this.rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 12345);
    }

    static Data generate(int personCount, long seed) {
        CrossScriptGuests g = new CrossScriptGuests(seed);
        g.persons(personCount);
        for (Person p : g.persons) g.recordsOf(p);
        // the files are written in arrival order in real life; here a shuffle does: no system sees a person's records in a row
        List<Rec> shuffled = new ArrayList<>(g.records);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = g.rnd.nextInt(i + 1);
            Rec t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        return new Data(seed, List.copyOf(g.persons), List.copyOf(shuffled), Map.copyOf(g.relations));
    }

    // ---- persons --------------------------------------------------------------------------------------------------

    private void persons(int n) {
        // designed confusions, pairs of persons: of all persons 10% are in a couple, 1% in a one-digit-off pair, 0.5% in
        // each of same birth date, order swap and similar surname (far more often than chance would make them)
        int couples = (int) Math.round(n * 0.05), digit = (int) Math.round(n * 0.005), sameDob = (int) Math.round(n * 0.0025),
                swap = (int) Math.round(n * 0.0025), similar = (int) Math.round(n * 0.0025);
        for (int i = 0; i < couples && persons.size() + 2 <= n; i++) couple();
        for (int i = 0; i < digit && persons.size() + 2 <= n; i++) twin(Relation.DOB_DIGIT);
        for (int i = 0; i < sameDob && persons.size() + 2 <= n; i++) twin(Relation.SAME_DOB);
        for (int i = 0; i < swap && persons.size() + 2 <= n; i++) orderSwap();
        for (int i = 0; i < similar && persons.size() + 2 <= n; i++) similarSurname();
        while (persons.size() < n) person(randomKind());
    }

    private Kind randomKind() {
        double k = rnd.nextDouble();
        return k < 0.55 ? Kind.CHINESE : k < 0.93 ? Kind.WESTERN : Kind.EAST_ASIAN;
    }

    private Person person(Kind kind) {
        return person(kind, rnd.nextBoolean());
    }

    private Person person(Kind kind, boolean male) {
        Person p = new Person(persons.size(), kind);
        persons.add(p);
        p.male = male;
        p.married = rnd.nextDouble() < 0.5;
        p.birth = LocalDate.of(1945, 1, 1).plusDays(rnd.nextInt(365 * 60));
        switch (kind) {
            case CHINESE -> chineseName(p);
            case WESTERN -> {
                p.family = W_FAMILY[zipf(W_FAMILY.length)];
                p.given = List.of((p.male ? W_GIVEN_M : W_GIVEN_F)[zipf(W_GIVEN_M.length)]);
                p.nationality = W_NATIONALITY[rnd.nextInt(W_NATIONALITY.length)][0];
            }
            case EAST_ASIAN -> {
                String[] f = EA_FAMILY[rnd.nextInt(EA_FAMILY.length)];
                p.family = f[0];
                p.nationality = f[1];
                String[] g = EA_GIVEN.get(f[1])[p.male ? 0 : 1];
                p.given = List.of(g[rnd.nextInt(g.length)].split(" "));
            }
        }
        contacts(p);
        return p;
    }

    private void chineseName(Person p) {
        p.nationality = rnd.nextDouble() < 0.9 ? "CN" : new String[]{"HK", "TW", "SG", "MY"}[rnd.nextInt(4)];
        if (rnd.nextDouble() < 0.12) {
            String[] c;
            do c = CN_COMMON[zipf(CN_COMMON.length)]; while (c[2].equals("M") != p.male);
            setChinese(p, c[0], readingOf(c[0]), c[1]);
            return;
        }
        String[] f = rnd.nextDouble() < 0.03 ? CN_COMPOUND[rnd.nextInt(CN_COMPOUND.length)] : CN_FAMILY[zipf(CN_FAMILY.length)];
        String[][] pool = p.male ? CN_GIVEN_M : CN_GIVEN_F;
        StringBuilder given = new StringBuilder(pool[rnd.nextInt(pool.length)][0]);
        if (rnd.nextDouble() < 0.7) given.append(pool[rnd.nextInt(pool.length)][0]);
        setChinese(p, f[0], f[1], given.toString());
    }

    private static void setChinese(Person p, String hanFamily, String familyReading, String hanGiven) {
        p.hanFamily = hanFamily;
        p.family = familyReading;
        p.hanGiven = hanGiven;
        List<String> syllables = new ArrayList<>();
        for (int i = 0; i < hanGiven.length(); i++) syllables.add(readingOf(String.valueOf(hanGiven.charAt(i))));
        p.given = List.copyOf(syllables);
    }

    private static String readingOf(String han) {
        for (String[][] pool : List.of(CN_FAMILY, CN_COMPOUND, CN_GIVEN_M, CN_GIVEN_F)) {
            for (String[] e : pool) if (e[0].equals(han)) return e[1];
        }
        for (String[] e : SWAPPABLE) if (e[0].equals(han) || e[1].equals(han)) return e[2];
        for (String[] e : SIMILAR) {
            if (e[0].equals(han)) return e[1];
            if (e[2].equals(han)) return e[3];
        }
        throw new IllegalArgumentException("no reading for " + han);
    }

    private void contacts(Person p) {
        int id = p.id;
        if (rnd.nextDouble() < 0.8) {
            String local = switch (p.kind) {
                case CHINESE -> rnd.nextDouble() < 0.4 ? String.valueOf(100_000_000L + rnd.nextLong(900_000_000L))
                        : (p.family + p.givenJoined()).toLowerCase(Locale.ROOT) + (rnd.nextBoolean() ? "" : String.valueOf(id % 100));
                default -> (p.givenJoined() + "." + p.family).toLowerCase(Locale.ROOT).replace(" ", "") + (rnd.nextBoolean() ? "" : String.valueOf(id % 1000));
            };
            String[] domains = p.kind == Kind.CHINESE ? CN_MAIL_DOMAINS : MAIL_DOMAINS;
            String domain = domains[rnd.nextInt(domains.length)];
            // an address is one person's (a couple's shared one is given on purpose): john.smith taken, john.smith57
            while (!emails.add(local + "@" + domain)) local += rnd.nextInt(10);
            p.email = local + "@" + domain;
        }
        if (rnd.nextDouble() < 0.85) p.phone = phone(p);
        if (p.kind == Kind.CHINESE && p.nationality.equals("CN")) p.idCard = idCard(p);
        if (p.kind != Kind.CHINESE || rnd.nextDouble() < 0.85) p.passport = passport(p);
    }

    /** A mobile number of the person's country; some libphonenumber rejects (as real exports hold them). */
    private Phone phone(Person p) {
        String n = p.nationality;
        return switch (n) {
            case "CN" -> rnd.nextDouble() < 0.10
                    ? new Phone("86", "12" + digits(9), false)                               // no such mobile range
                    : new Phone("86", "1" + "3456789".charAt(rnd.nextInt(7)) + digits(9), true);
            case "US" -> rnd.nextDouble() < 0.4
                    ? new Phone("1", new String[]{"212", "415", "646", "310", "312"}[rnd.nextInt(5)] + "1" + digits(6), false) // exchange 1xx
                    : new Phone("1", new String[]{"212", "415", "646", "310", "312"}[rnd.nextInt(5)] + (2 + rnd.nextInt(8)) + digits(6), true);
            case "GB" -> new Phone("44", "7" + (4 + rnd.nextInt(6)) + digits(8), true);
            case "DE" -> new Phone("49", "15" + (1 + rnd.nextInt(2)) + digits(8), true);
            case "FR" -> new Phone("33", "6" + digits(8), true);
            case "AU" -> new Phone("61", "4" + digits(8), true);
            case "JP" -> new Phone("81", "90" + digits(8), true);
            case "KR" -> new Phone("82", "10" + digits(8), true);
            case "HK" -> new Phone("852", "9" + digits(7), true);
            case "TW" -> new Phone("886", "9" + digits(8), true);
            case "SG" -> new Phone("65", "9" + digits(7), true);
            case "MY" -> new Phone("60", "12" + digits(7), true);
            default -> new Phone("66", "8" + digits(8), true);
        };
    }

    private String digits(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) b.append((char) ('0' + rnd.nextInt(10)));
        return b.toString();
    }

    /** A PRC resident ID: region, birth date, sequence (odd for men), ISO 7064 MOD 11-2 check character. */
    private String idCard(Person p) {
        int seq = rnd.nextInt(500) * 2 + (p.male ? 1 : 0);
        String body = ID_REGIONS[rnd.nextInt(ID_REGIONS.length)] + p.birth.format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format(Locale.ROOT, "%03d", seq % 1000);
        return body + idCheck(body);
    }

    static char idCheck(String body17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int s = 0;
        for (int i = 0; i < 17; i++) s += (body17.charAt(i) - '0') * w[i];
        return "10X98765432".charAt(s % 11);
    }

    private String passport(Person p) {
        return switch (p.nationality) {
            case "CN" -> rnd.nextBoolean() ? "E" + digits(8) : "EA" + digits(7);
            case "US", "GB" -> digits(9);
            case "AU" -> "PA" + digits(7);
            case "KR" -> "M" + digits(8);
            case "JP" -> "TK" + digits(7);
            default -> (char) ('C' + rnd.nextInt(20)) + digits(8);
        };
    }

    private int zipf(int n) {
        // P(k) ~ 1/(k+1): a few values very common, a long tail
        double h = 0;
        for (int k = 1; k <= n; k++) h += 1.0 / k;
        double u = rnd.nextDouble() * h, c = 0;
        for (int k = 1; k <= n; k++) {
            c += 1.0 / k;
            if (u <= c) return k - 1;
        }
        return n - 1;
    }

    private void relate(Person a, Person b, Relation r) {
        relations.put(pairKey(a.id, b.id), r);
    }

    /** A couple: shared e-mail and/or phone, Western couples one family name; different birth dates and given names. */
    private void couple() {
        Kind kind = rnd.nextDouble() < 0.5 ? Kind.CHINESE : Kind.WESTERN;
        Person a = person(kind, true);
        Person b = person(kind, false); // Chinese wives keep their own family name: only the contacts are shared
        a.married = b.married = true;
        if (kind == Kind.WESTERN) {
            b.family = a.family;
            b.nationality = a.nationality;
        }
        b.birth = a.birth.plusDays(rnd.nextInt(-3650, 3650));
        if (b.idCard != null) b.idCard = idCard(b); // the ID card carries the birth date
        boolean shareMail = rnd.nextDouble() < 0.6 && a.email != null;
        boolean sharePhone = !shareMail || rnd.nextDouble() < 0.6;
        if (shareMail) b.email = a.email;
        if (sharePhone) {
            if (a.phone == null) a.phone = phone(a);
            b.phone = a.phone;
        }
        relate(a, b, Relation.HOUSEHOLD);
    }

    /** Two persons with the same common name: birth date one digit off, or the same birth date; nothing else shared. */
    private void twin(Relation r) {
        Kind kind = rnd.nextDouble() < 0.7 ? Kind.CHINESE : Kind.WESTERN;
        Person a = person(kind);
        if (kind == Kind.CHINESE) { // the most common names: this is where a birth date decides
            String[] c = CN_COMMON[zipf(CN_COMMON.length)];
            a.male = c[2].equals("M");
            setChinese(a, c[0], readingOf(c[0]), c[1]);
        } else {
            a.family = W_FAMILY[zipf(5)];
            a.given = List.of((a.male ? W_GIVEN_M : W_GIVEN_F)[zipf(5)]);
        }
        Person b = person(kind);
        b.male = a.male;
        b.hanFamily = a.hanFamily;
        b.hanGiven = a.hanGiven;
        b.family = a.family;
        b.given = a.given;
        b.nationality = a.nationality;
        b.birth = r == Relation.SAME_DOB ? a.birth : oneDigitOff(a.birth);
        if (b.idCard != null) b.idCard = idCard(b); // the ID card carries the birth date
        relate(a, b, r);
    }

    /** ZHANG WEI (张伟 style: 张 + 章-sound) and WEI ZHANG (魏 + 伟-sound) within two months of each other. */
    private void orderSwap() {
        int i = rnd.nextInt(SWAPPABLE.length), j = (i + 1 + rnd.nextInt(SWAPPABLE.length - 1)) % SWAPPABLE.length;
        Person a = person(Kind.CHINESE), b = person(Kind.CHINESE);
        setChinese(a, SWAPPABLE[i][0], SWAPPABLE[i][2], SWAPPABLE[j][1]);
        setChinese(b, SWAPPABLE[j][0], SWAPPABLE[j][2], SWAPPABLE[i][1]);
        b.birth = a.birth.plusDays(rnd.nextInt(-60, 61));
        if (b.idCard != null) b.idCard = idCard(b);
        relate(a, b, Relation.ORDER_SWAP);
    }

    private void similarSurname() {
        String[] s = SIMILAR[rnd.nextInt(SIMILAR.length)];
        Person a = person(Kind.CHINESE), b = person(Kind.CHINESE);
        b.male = a.male;
        setChinese(a, s[0], s[1], a.hanGiven);
        setChinese(b, s[2], s[3], a.hanGiven);
        b.birth = a.birth;
        if (b.idCard != null) b.idCard = idCard(b);
        relate(a, b, Relation.SIMILAR_SURNAME);
    }

    /** The same date with one digit of its yyyyMMdd form changed, still a valid date. */
    private LocalDate oneDigitOff(LocalDate d) {
        String s = d.format(DateTimeFormatter.BASIC_ISO_DATE);
        for (int attempt = 0; attempt < 50; attempt++) {
            int pos = 2 + rnd.nextInt(6); // decade onwards: a slip of the finger, not another century
            char c = (char) ('0' + rnd.nextInt(10));
            if (c == s.charAt(pos)) continue;
            String t = s.substring(0, pos) + c + s.substring(pos + 1);
            try {
                LocalDate x = LocalDate.parse(t, DateTimeFormatter.BASIC_ISO_DATE);
                if (x.getYear() >= 1920 && x.isBefore(LocalDate.of(2008, 1, 1))) return x;
            } catch (java.time.format.DateTimeParseException impossible) {
                // 2月30日 and the like: try another digit
            }
        }
        return d.plusDays(1);
    }

    // ---- records --------------------------------------------------------------------------------------------------

    private void recordsOf(Person p) {
        double cn = p.kind == Kind.CHINESE ? 0.85 : 0.12, op = p.kind == Kind.CHINESE ? 0.6 : 0.9, crs = p.kind == Kind.CHINESE ? 0.5 : 0.6;
        List<Sys> systems = new ArrayList<>();
        if (rnd.nextDouble() < cn) systems.add(Sys.CNPMS);
        if (rnd.nextDouble() < op) systems.add(Sys.OPERA);
        if (rnd.nextDouble() < crs) systems.add(Sys.CRS);
        if (systems.isEmpty()) systems.add(p.kind == Kind.CHINESE ? Sys.CNPMS : Sys.OPERA);
        if (rnd.nextDouble() < 0.12) systems.add(systems.get(rnd.nextInt(systems.size()))); // a PMS's own duplicate profile
        for (Sys s : systems) {
            String guestKey = (s == Sys.CNPMS ? "G" : s == Sys.OPERA ? "" : "P") + (100_000 + nextGuestKey++);
            int stays = rnd.nextDouble() < 0.2 ? 2 : 1;
            Rec first = null;
            for (int k = 0; k < stays; k++) {
                Rec r = new Rec(s, (s == Sys.CNPMS ? "C" : s == Sys.OPERA ? "O" : "R") + (1_000_000 + nextConfirmation++), guestKey, p.id);
                if (first == null) {
                    switch (s) {
                        case CNPMS -> cnpms(p, r);
                        case OPERA -> opera(p, r);
                        case CRS -> crs(p, r);
                    }
                    first = r;
                } else { // the same profile on another stay: the same guest data
                    r.traits.addAll(first.traits);
                    r.values.putAll(first.values);
                    r.dukeName = first.dukeName;
                    r.dukeBirth = first.dukeBirth;
                    r.dukeEmail = first.dukeEmail;
                    r.dukePhone = first.dukePhone;
                    r.dukeDoc = first.dukeDoc;
                }
                stay(s, r);
                records.add(r);
            }
        }
    }

    private void stay(Sys s, Rec r) {
        LocalDate arrival = LocalDate.of(2024, 1, 1).plusDays(rnd.nextInt(1000));
        LocalDate departure = arrival.plusDays(1 + rnd.nextInt(5));
        DateTimeFormatter f = s == Sys.CNPMS ? CN_DATE : s == Sys.OPERA ? OPERA_DATE : ISO;
        r.values.put("arrival", up(arrival.format(f)));
        r.values.put("departure", up(departure.format(f)));
    }

    private static String up(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /** The birth date as this record has it (traits say how it differs), or null. */
    private LocalDate birth(Person p, Rec r, double missing) {
        double u = rnd.nextDouble();
        if (u < missing) {
            r.traits.add(Trait.DOB_MISSING);
            return null;
        }
        u = rnd.nextDouble();
        if (u < 0.04) {
            r.traits.add(Trait.DOB_DIGIT);
            return oneDigitOff(p.birth);
        }
        if (u < 0.07) {
            if (p.birth.getDayOfMonth() > 12 || p.birth.getDayOfMonth() == p.birth.getMonthValue()) return p.birth; // no swap possible
            r.traits.add(Trait.DOB_SWAP);
            return LocalDate.of(p.birth.getYear(), p.birth.getDayOfMonth(), p.birth.getMonthValue());
        }
        if (u < 0.08) {
            r.traits.add(Trait.DOB_DUMMY);
            return LocalDate.of(1900, 1, 1);
        }
        return p.birth;
    }

    private String typo(String s, Rec r) {
        if (s.length() < 4 || rnd.nextDouble() >= 0.05) return s;
        r.traits.add(Trait.NAME_TYPO);
        int i = 1 + rnd.nextInt(s.length() - 2);
        return switch (rnd.nextInt(3)) {
            case 0 -> s.substring(0, i) + s.substring(i + 1);                                  // dropped letter
            case 1 -> s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);  // transposed
            default -> s.substring(0, i) + (char) ('A' + rnd.nextInt(26)) + s.substring(i + 1);
        };
    }

    /** Given-name syllables as a desk types them: joined (XIUYING), spaced (XIU YING) or hyphenated. */
    private String givenLatin(Person p, Rec r) {
        if (p.given.size() < 2) return p.given.get(0);
        if (p.kind != Kind.CHINESE) return String.join(" ", p.given);
        double u = rnd.nextDouble();
        if (u < 0.6) return p.givenJoined();
        r.traits.add(Trait.SYLLABLES_SPACED);
        return String.join(u < 0.85 ? " " : "-", p.given);
    }

    private String familyLatin(Person p, Rec r) {
        if (!p.compound()) return p.family;
        r.traits.add(Trait.COMPOUND_SURNAME);
        return p.family;
    }

    private void cnpms(Person p, Rec r) {
        Map<String, String> v = r.values;
        String name;
        if (p.hanFamily != null && rnd.nextDouble() < 0.95) {
            r.traits.add(Trait.HAN);
            if (p.compound()) r.traits.add(Trait.COMPOUND_SURNAME);
            name = p.hanFamily + p.hanGiven;
            r.dukeName = name;
        } else {
            String family = familyLatin(p, r), given = givenLatin(p, r);
            boolean givenFirst = p.kind == Kind.WESTERN ? rnd.nextDouble() < 0.4 : rnd.nextDouble() < 0.1;
            if (givenFirst) r.traits.add(Trait.ORDER_SWAP);
            name = typo(givenFirst ? given + " " + family : family + " " + given, r);
            r.dukeName = name.toLowerCase(Locale.ROOT);
        }
        v.put("name", name);
        v.put("gender", rnd.nextDouble() < 0.1 ? "" : p.male ? "男" : "女");
        LocalDate b = birth(p, r, 0.05);
        v.put("birth", b == null ? "" : b.format(CN_DATE));
        r.dukeBirth = b == null ? null : b.toString();
        double d = rnd.nextDouble();
        if (p.idCard != null && d < 0.85) {
            r.traits.add(Trait.ID_CARD);
            v.put("docType", "身份证");
            v.put("doc", p.idCard);
        } else if (p.passport != null && d < 0.97) {
            r.traits.add(Trait.PASSPORT);
            v.put("docType", "护照");
            v.put("doc", p.passport);
        } else if (d < 0.98) {
            r.traits.add(Trait.DOC_MISSING);
            v.put("docType", "身份证");
            v.put("doc", "000000");
        } else {
            r.traits.add(Trait.DOC_MISSING);
            v.put("docType", "");
            v.put("doc", "");
        }
        r.dukeDoc = v.get("doc").isEmpty() || v.get("doc").equals("000000") ? null : v.get("doc");
        double u = rnd.nextDouble();
        String phone;
        if (u < 0.04) {
            r.traits.add(Trait.PHONE_DUMMY);
            phone = rnd.nextBoolean() ? "13800000000" : "13888888888";
        } else if (p.phone == null || u < 0.14) {
            r.traits.add(Trait.PHONE_MISSING);
            phone = "";
        } else {
            if (!p.phone.valid()) r.traits.add(Trait.PHONE_INVALID);
            phone = p.phone.cc().equals("86") ? p.phone.national() : "+" + p.phone.cc() + " " + p.phone.national();
        }
        v.put("phone", phone);
        r.dukePhone = dukePhone(phone);
        r.traits.add(Trait.EMAIL_MISSING); // this export has no e-mail column
        String country = CN_COUNTRY.containsKey(p.nationality) ? CN_COUNTRY.get(p.nationality) : CN_COUNTRY_MORE.get(p.nationality);
        v.put("nationality", country == null ? "" : country);
    }

    private void opera(Person p, Rec r) {
        Map<String, String> v = r.values;
        String family = typo(familyLatin(p, r), r), given = typo(givenLatin(p, r), r);
        if (p.compound() && rnd.nextDouble() < 0.3) { // OU/YANG NANA: the desk split the compound surname after its first syllable
            r.traits.add(Trait.COMPOUND_SPLIT);
            String first = splitFirstSyllable(p.family);
            String rest = p.family.substring(first.length());
            family = first;
            given = rest + " " + given;
        }
        boolean swap = (p.kind == Kind.CHINESE && rnd.nextDouble() < 0.08) || (p.kind == Kind.EAST_ASIAN && rnd.nextDouble() < 0.2)
                || rnd.nextDouble() < 0.02;
        if (swap) {
            r.traits.add(Trait.ORDER_SWAP);
            String t = family;
            family = given;
            given = t;
        }
        String title;
        double u = rnd.nextDouble();
        if (u < 0.2) {
            title = "";
            r.traits.add(Trait.NO_TITLE);
        } else {
            title = p.male ? "MR" : p.married && rnd.nextDouble() < 0.6 ? "MRS" : "MS";
        }
        Person husband = husbandOf(p);
        if (husband != null && husband.kind == Kind.WESTERN && rnd.nextDouble() < 0.15) {
            r.traits.add(Trait.WIFE_AS_HUSBAND); // "Mrs John White": the wife booked under her husband's name
            given = husband.givenJoined();
            title = "MRS";
        }
        String name = family + "/" + given + (title.isEmpty() ? "" : " " + title);
        v.put("name", name);
        r.dukeName = (given + " " + family).toLowerCase(Locale.ROOT);
        LocalDate b = birth(p, r, 0.1);
        // the desk's 1900-01-01 with a four-digit year: as 01-JAN-00 it would read as a real 2000-01-01 (see the report)
        v.put("birth", b == null ? "" : b.getYear() == 1900 ? "01-JAN-1900" : up(b.format(OPERA_DATE)));
        r.dukeBirth = b == null ? null : b.toString();
        v.put("nationality", p.nationality);
        if (p.passport != null && rnd.nextDouble() < 0.85) {
            r.traits.add(Trait.PASSPORT);
            v.put("doc", p.passport);
            r.dukeDoc = p.passport;
        } else {
            r.traits.add(Trait.DOC_MISSING);
            v.put("doc", "");
        }
        u = rnd.nextDouble();
        String email;
        if (u < 0.03) {
            r.traits.add(Trait.EMAIL_DUMMY);
            email = rnd.nextBoolean() ? "test@test.com" : "a@a.com";
        } else if (p.email == null || u < 0.2) {
            r.traits.add(Trait.EMAIL_MISSING);
            email = "";
        } else {
            email = rnd.nextDouble() < 0.2 ? p.email.toUpperCase(Locale.ROOT) : p.email;
        }
        v.put("email", email);
        r.dukeEmail = email.isEmpty() ? null : email.toLowerCase(Locale.ROOT);
        u = rnd.nextDouble();
        String phone;
        if (u < 0.02) {
            r.traits.add(Trait.PHONE_DUMMY);
            phone = "000000";
        } else if (p.phone == null || u < 0.2) {
            r.traits.add(Trait.PHONE_MISSING);
            phone = "";
        } else {
            if (!p.phone.valid()) r.traits.add(Trait.PHONE_INVALID);
            phone = spaced(p.phone);
        }
        v.put("phone", phone);
        r.dukePhone = dukePhone(phone);
    }

    private void crs(Person p, Rec r) {
        Map<String, String> v = r.values;
        String family, given;
        if (p.hanFamily != null && rnd.nextDouble() < 0.15) {
            r.traits.add(Trait.HAN);
            if (p.compound()) r.traits.add(Trait.COMPOUND_SURNAME);
            family = p.hanFamily;
            given = p.hanGiven;
            r.dukeName = family + given;
        } else {
            family = typo(familyLatin(p, r), r);
            given = typo(givenLatin(p, r), r);
            family = cap(family);
            given = cap(given);
            // a Chinese (Korean, Japanese) guest writing the family name first into the first-name box
            boolean swap = (p.kind != Kind.WESTERN && rnd.nextDouble() < 0.12) || rnd.nextDouble() < 0.02;
            if (swap) {
                r.traits.add(Trait.ORDER_SWAP);
                String t = family;
                family = given;
                given = t;
            }
            r.dukeName = (given + " " + family).toLowerCase(Locale.ROOT);
        }
        v.put("lastName", family);
        v.put("firstName", given);
        double u = rnd.nextDouble();
        String title = u < 0.3 ? "" : p.kind == Kind.CHINESE && u > 0.85 ? (p.male ? "先生" : "女士") : p.male ? "Mr" : p.married ? "Mrs" : "Ms";
        if (title.isEmpty()) r.traits.add(Trait.NO_TITLE);
        v.put("title", title);
        LocalDate b = birth(p, r, 0.2);
        v.put("birth", b == null ? "" : b.toString());
        r.dukeBirth = b == null ? null : b.toString();
        v.put("nationality", p.nationality);
        if (p.passport != null && rnd.nextDouble() < 0.2) {
            r.traits.add(Trait.PASSPORT);
            v.put("docType", "PASSPORT");
            v.put("doc", p.passport);
            r.dukeDoc = p.passport;
        } else {
            r.traits.add(Trait.DOC_MISSING);
        }
        u = rnd.nextDouble();
        if (u < 0.02) {
            r.traits.add(Trait.EMAIL_DUMMY);
            v.put("email", "test@test.com");
        } else if (p.email == null || u < 0.1) {
            r.traits.add(Trait.EMAIL_MISSING);
        } else {
            v.put("email", p.email);
        }
        r.dukeEmail = v.containsKey("email") ? v.get("email").toLowerCase(Locale.ROOT) : null;
        if (p.phone == null || rnd.nextDouble() < 0.15) {
            r.traits.add(Trait.PHONE_MISSING);
        } else {
            if (!p.phone.valid()) r.traits.add(Trait.PHONE_INVALID);
            v.put("phone", "+" + p.phone.cc() + p.phone.national());
        }
        r.dukePhone = dukePhone(v.get("phone"));
    }

    private Person husbandOf(Person p) {
        if (p.male || !p.married || p.id == 0) return null;
        Person q = persons.get(p.id - 1); // couple() creates the husband just before the wife
        return relations.get(pairKey(p.id, q.id)) == Relation.HOUSEHOLD ? q : null;
    }

    private String spaced(Phone ph) {
        String n = ph.national();
        return switch (rnd.nextInt(3)) {
            case 0 -> "+" + ph.cc() + " " + n;
            case 1 -> "+" + ph.cc() + " " + n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6);
            default -> "+" + ph.cc() + "-" + n.substring(0, 3) + "-" + n.substring(3);
        };
    }

    /** A Duke user's phone cleaning: digits only, the last nine (drops country codes and trunk zeros alike). */
    private static String dukePhone(String phone) {
        if (phone == null) return null;
        String d = phone.replaceAll("\\D", "");
        if (d.length() < 6) return null;
        return d.length() > 9 ? d.substring(d.length() - 9) : d;
    }

    private static String cap(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? c : Character.toLowerCase(c));
            start = c == ' ' || c == '-';
        }
        return b.toString();
    }

    /** OUYANG -> OU, SHANGGUAN -> SHANG: the first pinyin syllable (initial, then the vowel run, then n/ng). */
    static String splitFirstSyllable(String reading) {
        for (String[] e : CN_COMPOUND) {
            if (e[1].equals(reading)) {
                String first = readingOfFirstChar(e[0]);
                if (first != null) return first;
            }
        }
        return reading.substring(0, Math.min(2, reading.length()));
    }

    private static String readingOfFirstChar(String compound) {
        return switch (compound.substring(0, 1)) {
            case "欧" -> "OU";
            case "司" -> "SI";
            case "诸" -> "ZHU";
            case "上" -> "SHANG";
            case "东" -> "DONG";
            case "皇" -> "HUANG";
            case "慕" -> "MU";
            case "夏" -> "XIA";
            case "令" -> "LING";
            default -> null;
        };
    }

    // ---- files ----------------------------------------------------------------------------------------------------

    record Files3(Path cnpms, Path opera, Path crs) {
    }

    static Files3 write(Data data, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path cn = dir.resolve("cn-pms-guests-" + data.seed() + ".csv"), op = dir.resolve("xs-intl-pms-" + data.seed() + ".csv"),
                crs = dir.resolve("xs-crs-" + data.seed() + ".jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(cn, Charset.forName("GBK"));
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            csv.printRecord("预订号", "客人编号", "姓名", "性别", "出生日期", "证件类型", "证件号码", "手机", "国籍", "到店日期", "离店日期",
                    "房型", "房号", "房价", "状态", "渠道");
            for (Rec r : data.records()) {
                if (r.sys != Sys.CNPMS) continue;
                Map<String, String> v = r.values;
                csv.printRecord(r.confirmation, r.guestKey, v.get("name"), v.get("gender"), v.get("birth"), v.get("docType"),
                        v.get("doc"), v.get("phone"), v.get("nationality"), v.get("arrival"), v.get("departure"), "豪华大床房", "",
                        "688", "离店", "携程");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(op, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT)) {
            csv.printRecord("CONFIRMATION_NO", "NAME_ID", "GUEST_NAME", "BIRTH_DATE", "NATIONALITY", "EMAIL", "PHONE",
                    "PASSPORT_NO", "ARRIVAL", "DEPARTURE", "ROOM_TYPE", "RATE_AMOUNT", "RES_STATUS");
            for (Rec r : data.records()) {
                if (r.sys != Sys.OPERA) continue;
                Map<String, String> v = r.values;
                csv.printRecord(r.confirmation, r.guestKey, v.get("name"), v.get("birth"), v.get("nationality"), v.get("email"),
                        v.get("phone"), v.get("doc"), v.get("arrival"), v.get("departure"), "DLXK", "3200.00", "CHECKED OUT");
            }
        }
        ObjectMapper json = new ObjectMapper();
        try (BufferedWriter w = Files.newBufferedWriter(crs, StandardCharsets.UTF_8)) {
            for (Rec r : data.records()) {
                if (r.sys != Sys.CRS) continue;
                Map<String, String> v = r.values;
                Map<String, Object> guest = new LinkedHashMap<>();
                guest.put("lastName", v.get("lastName"));
                guest.put("firstName", v.get("firstName"));
                if (!v.get("title").isEmpty()) guest.put("title", v.get("title"));
                if (!v.get("birth").isEmpty()) guest.put("birthDate", v.get("birth"));
                if (v.containsKey("email")) guest.put("email", v.get("email"));
                if (v.containsKey("phone")) guest.put("phone", v.get("phone"));
                guest.put("nationality", v.get("nationality"));
                if (v.containsKey("doc")) guest.put("document", Map.of("type", v.get("docType"), "number", v.get("doc")));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("confirmation", r.confirmation);
                row.put("profileId", r.guestKey);
                row.put("guest", guest);
                row.put("stay", Map.of("arrival", v.get("arrival"), "departure", v.get("departure")));
                w.write(json.writeValueAsString(row));
                w.write('\n');
            }
        }
        return new Files3(cn, op, crs);
    }

    // ---- what a wrong merge was made of ---------------------------------------------------------------------------

    /**
     * Why two different persons may look alike, from how the generator made them: a designed relation first, then a
     * front-desk dummy both records carry, then a shared name reading with how their birth dates differ.
     */
    static String cause(Data data, int a, int b, List<Rec> recordsA, List<Rec> recordsB) {
        Relation r = data.relation(a, b);
        boolean wife = recordsA.stream().anyMatch(x -> x.traits.contains(Trait.WIFE_AS_HUSBAND))
                || recordsB.stream().anyMatch(x -> x.traits.contains(Trait.WIFE_AS_HUSBAND));
        if (r == Relation.HOUSEHOLD) return wife ? "household: wife booked under husband's name (LAST/HUSBAND MRS)" : r.label;
        if (r != null) return r.label;
        for (Rec x : recordsA) {
            for (Rec y : recordsB) {
                for (Trait t : List.of(Trait.PHONE_DUMMY, Trait.EMAIL_DUMMY)) {
                    if (x.traits.contains(t) && y.traits.contains(t)) return "shared front-desk dummy " + (t == Trait.PHONE_DUMMY ? "phone" : "e-mail");
                }
            }
        }
        Person p = data.persons().get(a), q = data.persons().get(b);
        String dob = dobRelation(p.birth, q.birth);
        if (p.reading().equals(q.reading())) return "same name (by chance) + " + dob;
        if (p.family.equals(q.family)) return "same family name + " + dob;
        return "different names + " + dob;
    }

    /** One person and their records as written, for the examples under a cause (synthetic people only). */
    static String describe(Data data, int person, List<Rec> recs) {
        Person p = data.persons().get(person);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "#%d %s%s %s %s:", p.id,
                p.hanFamily == null ? "" : p.hanFamily + p.hanGiven + " ", p.reading(), p.male ? "M" : "F", p.birth));
        for (Rec r : recs) {
            b.append(' ').append(r.sys).append('[');
            List<String> cells = new ArrayList<>();
            r.values.forEach((k, v) -> {
                if (!v.isEmpty() && !k.equals("arrival") && !k.equals("departure") && !k.equals("nationality")) cells.add(v);
            });
            b.append(String.join(" | ", cells)).append(']');
        }
        return b.toString();
    }

    static String dobRelation(LocalDate x, LocalDate y) {
        if (x.equals(y)) return "same birth date";
        String s = x.format(DateTimeFormatter.BASIC_ISO_DATE), t = y.format(DateTimeFormatter.BASIC_ISO_DATE);
        int diff = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) != t.charAt(i)) diff++;
        if (diff == 1) return "birth date one digit off";
        if (x.getYear() == y.getYear() && x.getMonthValue() == y.getDayOfMonth() && x.getDayOfMonth() == y.getMonthValue())
            return "birth date day/month swapped";
        return "other birth date";
    }
}
