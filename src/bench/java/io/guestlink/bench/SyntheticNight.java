package io.guestlink.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A synthetic hotel night for the import benchmark, the same for the same seed and scale: two properties
 * (BKK01 Bangkok, HKT01 Phuket), an OPERA reservation export (CSV), an OPERA night-audit checkout export
 * (fixed-width, windows-1252) whose folios reference those reservations, and a MICROS check detail (semicolon CSV,
 * one row per item, checks of 1-6 items, some charged to a room or a member).
 *
 * <p>Guests: {@value #REPEAT_GUEST_PERCENT}% of reservations belong to a guest seen before (same OPERA NAME_ID,
 * e-mail, phone...), and 2% of new OPERA profiles are duplicates of an earlier guest (new NAME_ID, same e-mail and
 * phone), so identity resolution finds existing profiles by every key type. About 30% of e-mails are empty and 5%
 * are placeholders (noemail@hotel.com...), half of the guests have a phone in Thai, Chinese or other formats (some
 * not valid, which the normaliser drops), a quarter a passport, 15% a loyalty number.
 *
 * <p>Every generated row is valid for the benchmark feeds in {@code src/bench/resources/bench/}: the benchmark measures
 * the happy path, not the rejects file. Keys are unique within each file.
 */
final class SyntheticNight {
    /** The business date of the night. Arrivals lie between 30 days before and 180 days after it. */
    static final LocalDate NIGHT = LocalDate.of(2025, 6, 10);
    static final int RESERVATIONS = 200_000;
    static final int FOLIO_LINES = 1_000_000;
    static final int POS_ITEMS = 300_000;
    static final int REPEAT_GUEST_PERCENT = 30;
    private static final long FIRST_CONFIRMATION = 548_000_001L;
    private static final int FIRST_NAME_ID = 100_000;

    /** The files of one night and what they hold. */
    record Night(Path reservations, Path folio, Path pos, long reservationRows, long distinctGuests, long folioLines,
                 long folioHeaders, long posItems, long posTickets) {
        long bytes() throws IOException {
            return Files.size(reservations) + Files.size(folio) + Files.size(pos);
        }
    }

    private final long seed;
    /** Which of successive nights this is (0 the first): later nights have new keys (the store grows, see --growth). */
    private final int night;

    SyntheticNight(long seed) {
        this(seed, 0);
    }

    /**
     * Night {@code night} of a series: the same shape as night 0, with its own confirmation numbers, OPERA NAME_IDs
     * (new guests, a few of whom share contacts with earlier nights' guests) and POS check numbers.
     */
    SyntheticNight(long seed, int night) {
        this.seed = seed;
        this.night = night;
    }

    private int guestOffset() {
        return night * 2_000_000;
    }

    /** Writes the three files of a night into {@code dir}; {@code scale} 1.0 is 200k / 1M / 300k rows. */
    Night generate(Path dir, double scale) throws IOException {
        Files.createDirectories(dir);
        int reservations = Math.max(1, (int) Math.round(RESERVATIONS * scale));
        int folioLines = Math.max(1, (int) Math.round(FOLIO_LINES * scale));
        int posItems = Math.max(1, (int) Math.round(POS_ITEMS * scale));
        Path res = dir.resolve("opera_reservations_" + NIGHT.format(DateTimeFormatter.BASIC_ISO_DATE) + ".csv");
        Path folio = dir.resolve("checkout_export_" + NIGHT.format(DateTimeFormatter.BASIC_ISO_DATE) + ".txt");
        Path pos = dir.resolve("micros_checks_" + NIGHT.format(DateTimeFormatter.BASIC_ISO_DATE) + ".csv");
        long[] guests = writeReservations(res, reservations, Long.MAX_VALUE);
        long headers = writeFolio(folio, reservations, folioLines);
        long tickets = writePos(pos, posItems, (int) guests[1]);
        return new Night(res, folio, pos, guests[0], guests[1], folioLines, headers, posItems, tickets);
    }

    /**
     * Writes a reservation export of about {@code megabytes} MB (for the flat-memory check).
     *
     * @return the number of data rows written
     */
    long bigReservations(Path file, long megabytes) throws IOException {
        Files.createDirectories(file.getParent());
        return writeReservations(file, Integer.MAX_VALUE, megabytes * 1024 * 1024)[0];
    }

    // ---------------------------------------------------------------- guests

    private static final String[][] FAMILY = {
            {"SRISUK", "WONGSAWAT", "CHAIYAPORN", "KITTIKHUN", "SUKSAWAT", "RATTANAKORN", "PHROMMA", "BOONMA",
                    "THONGDEE", "SAETANG", "JAIDEE", "KAEWKLA", "CHAROENSUK", "SOMBOON", "PATTANAPONG", "INTHARAWONG"},
            {"WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU", "XU", "SUN", "MA", "ZHU",
                    "HU", "GUO", "YU", "LIN", "HE", "GAO"},
            {"SMITH", "SCHMIDT", "MUELLER", "JONES", "BROWN", "MARTIN", "BERNARD", "WILSON", "TAYLOR", "O'BRIEN",
                    "ANDERSEN", "ROSSI", "GARCIA", "MEIER", "DUBOIS", "WALKER", "HANSEN", "VAN DIJK"},
            {"TANAKA", "SUZUKI", "SATO", "KIM", "LEE", "PARK", "CHOI", "YAMAMOTO", "WATANABE", "JUNG"}};
    private static final String[][] GIVEN = {
            {"KANYA", "SOMCHAI", "NATTAPONG", "SIRIPORN", "ANAN", "PORNTIP", "WICHAI", "MALEE", "ARTHIT", "CHANYA",
                    "KITTI", "SUDA", "THANAWAT", "PIMCHANOK"},
            {"WEI", "FANG", "NA", "MIN", "JING", "LEI", "YANG", "XIU YING", "JIE", "TAO", "MING", "HUI", "QIANG", "YAN"},
            {"JOHN", "ANNA", "PETER", "SARAH", "MICHAEL", "EMMA", "THOMAS", "LAURA", "DAVID", "SOPHIE", "JAMES",
                    "JULIA", "LUKAS", "CLAIRE", "OLIVER", "MARIE"},
            {"HARUTO", "YUKI", "AOI", "MIN JUN", "SEO YEON", "KENJI", "JI HO", "SAKURA", "HYUN WOO"}};
    private static final String[][] NATIONALITY = {{"TH"}, {"CN", "CN", "CN", "HK", "TW"},
            {"GB", "DE", "US", "AU", "FR", "DK", "NL", "IT"}, {"JP", "KR"}};
    private static final String[][] LANGUAGE = {{"th"}, {"zh"}, {"en", "en", "de", "fr"}, {"ja", "ko"}};
    private static final String[][] DOMAINS = {{"gmail.com", "hotmail.com", "yahoo.co.th"}, {"qq.com", "163.com", "gmail.com"},
            {"gmail.com", "outlook.com", "web.de", "yahoo.com", "icloud.com"}, {"naver.com", "yahoo.co.jp", "gmail.com"}};
    private static final String[] PLACEHOLDER_EMAILS = {"noemail@hotel.com", "NOEMAIL@HOTEL.COM", "none@none.com",
            "guest@bkk01.com", "no@email.com"};
    private static final String[] TH_MOBILE = {"81", "82", "83", "84", "85", "86", "87", "88", "89", "91", "92", "93",
            "94", "95", "96", "97", "98", "99", "61", "62", "63", "64", "65"};
    private static final String[] CN_MOBILE = {"130", "131", "135", "136", "137", "138", "139", "150", "151", "152",
            "158", "159", "186", "187", "188", "189"};

    /** One guest as OPERA knows them; every value is a pure function of (seed, guest index). */
    private record Guest(int nameId, String family, String given, String title, String gender, String birth,
                         String nationality, String language, String email, String phone, String passport, String vip,
                         String member, String optIn) {
        String operaName() {
            return family + "/" + given + (title.isEmpty() ? "" : " " + title);
        }
    }

    private SplittableRandom guestRandom(long g) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ (g + 1) * 0xBF58476D1CE4E5B9L);
    }

    private Guest guest(int nightGuest) {
        int g = nightGuest + guestOffset();
        Guest base = baseGuest(g);
        SplittableRandom r = guestRandom(-g - 7);
        if (g > 0 && r.nextInt(100) < 2) {
            // a duplicate OPERA profile of an earlier guest: new NAME_ID, same contact data
            Guest twin = baseGuest(r.nextInt(g));
            return new Guest(base.nameId, twin.family, twin.given, twin.title, twin.gender, twin.birth, twin.nationality,
                    twin.language, twin.email, twin.phone, base.passport, base.vip, base.member, twin.optIn);
        }
        return base;
    }

    private Guest baseGuest(int g) {
        SplittableRandom r = guestRandom(g);
        int p = r.nextInt(100);
        int origin = p < 35 ? 0 : p < 60 ? 1 : p < 90 ? 2 : 3;
        String family = pick(r, FAMILY[origin]);
        String given = pick(r, GIVEN[origin]);
        boolean female = r.nextBoolean();
        int t = r.nextInt(100);
        String title = t < 8 ? "" : t < 11 ? "DR" : female ? (t < 55 ? "MS" : "MRS") : "MR";
        String gender = r.nextInt(100) < 70 ? (female ? "F" : "M") : "";
        String birth = r.nextInt(100) < 60
                ? operaDate(LocalDate.of(1950, 1, 1).plusDays(r.nextInt(55 * 365))) : "";
        String nationality = pick(r, NATIONALITY[origin]);
        String language = pick(r, LANGUAGE[origin]);

        int e = r.nextInt(100);
        String email;
        if (e < 30) email = "";
        else if (e < 35) email = pick(r, PLACEHOLDER_EMAILS);
        else {
            String local = (given.split(" ")[0] + "." + family).toLowerCase(Locale.ROOT).replace("'", "").replace(" ", "")
                    + (g % 9973);
            email = local + "@" + pick(r, DOMAINS[origin]);
            if (r.nextInt(100) < 20) email = email.substring(0, 1).toUpperCase(Locale.ROOT) + email.substring(1);
        }
        String phone = r.nextInt(100) < 50 ? phone(r, origin) : "";
        String passport = r.nextInt(100) < 25 ? (char) ('A' + r.nextInt(26)) + digits(r, 8) : "";
        String vip = r.nextInt(100) < 3 ? Integer.toString(1 + r.nextInt(3)) : "";
        String member = r.nextInt(100) < 15 ? "BR" + (7_000_000 + g) : "";
        String optIn = email.isEmpty() ? "" : r.nextBoolean() ? "Y" : "N";
        return new Guest(FIRST_NAME_ID + g, family, given, title, gender, birth, nationality, language, email, phone,
                passport, vip, member, optIn);
    }

    private static String phone(SplittableRandom r, int origin) {
        if (r.nextInt(100) < 2) return r.nextBoolean() ? "0000000000" : "1234567890";   // placeholders
        switch (origin) {
            case 0 -> {
                String n = pick(r, TH_MOBILE) + digits(r, 7);
                return switch (r.nextInt(4)) {
                    case 0 -> "0" + n.substring(0, 2) + "-" + n.substring(2, 5) + "-" + n.substring(5);
                    case 1 -> "0" + n.substring(0, 2) + " " + n.substring(2, 5) + " " + n.substring(5);
                    case 2 -> "0" + n;
                    default -> "+66 " + n.substring(0, 2) + " " + n.substring(2, 5) + " " + n.substring(5);
                };
            }
            case 1 -> {
                String n = pick(r, CN_MOBILE) + digits(r, 8);
                return switch (r.nextInt(5)) {
                    case 0 -> "+86 " + n.substring(0, 3) + " " + n.substring(3, 7) + " " + n.substring(7);
                    case 1 -> "0086 " + n;
                    case 2 -> "+86-" + n.substring(0, 3) + "-" + n.substring(3, 7) + "-" + n.substring(7);
                    case 3 -> "(+86)" + n;
                    default -> n.substring(0, 3) + " " + n.substring(3, 7) + " " + n.substring(7); // read as Thai: dropped
                };
            }
            case 2 -> {
                return switch (r.nextInt(5)) {
                    case 0 -> "+49 151 " + digits(r, 8);
                    case 1 -> "+44 7911 " + digits(r, 6);
                    case 2 -> "+1 212-" + (2 + r.nextInt(8)) + digits(r, 2) + "-" + digits(r, 4);
                    case 3 -> "+61 4" + digits(r, 2) + " " + digits(r, 3) + " " + digits(r, 3);
                    default -> "+33 6 " + digits(r, 2) + " " + digits(r, 2) + " " + digits(r, 2) + " " + digits(r, 2);
                };
            }
            default -> {
                return r.nextBoolean() ? "+81 90-" + digits(r, 4) + "-" + digits(r, 4) : "+82 10-" + digits(r, 4) + "-" + digits(r, 4);
            }
        }
    }

    // ---------------------------------------------------------------- reservations

    static final String RES_HEADER = "CONFIRMATION_NO,RESORT,NAME_ID,GUEST_NAME,BIRTH_DATE,GENDER,NATIONALITY,LANGUAGE,"
            + "EMAIL,PHONE,PASSPORT_NO,VIP_STATUS,MEMBERSHIP_NO,EMAIL_OPT_IN,ARRIVAL,DEPARTURE,ROOM_TYPE,ROOM_NO,RATE_CODE,"
            + "RATE_AMOUNT,CURRENCY,RES_STATUS,SOURCE,ADULTS,CHILDREN";
    private static final String[] ROOM_TYPES = {"DLXK", "DLXK", "DLXK", "DLXT", "DLXT", "SUPK", "SUPK", "SUPT", "JSTE", "PSTE"};
    private static final Map<String, Integer> BASE_RATE = Map.of("DLXK", 4200, "DLXT", 4000, "SUPK", 3600, "SUPT", 3400,
            "JSTE", 7800, "PSTE", 15500);
    private static final String[] RATE_CODES = {"BAR", "BAR", "BB2", "CORP", "PKG1", "OTA1", "GRP"};
    private static final String[] CHANNELS = {"WEB", "GDS", "DIRECT", "OTA", "OTA", "WALKIN", "PHONE"};

    static String resort(long reservationIndex) {
        return reservationIndex % 5 < 3 ? "BKK01" : "HKT01";
    }

    String confirmation(long reservationIndex) {
        return Long.toString(FIRST_CONFIRMATION + night * 10_000_000L + reservationIndex);
    }

    /** @return {rows, distinct guests} */
    private long[] writeReservations(Path file, int rows, long maxBytes) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        int guests = 0;
        long bytes = 0;
        long i = 0;
        StringBuilder sb = new StringBuilder(512);
        try (Writer w = writer(file, StandardCharsets.UTF_8)) {
            w.write(RES_HEADER);
            w.write('\n');
            bytes += RES_HEADER.length() + 1;
            for (; i < rows && bytes < maxBytes; i++) {
                int g = guests > 0 && r.nextInt(100) < REPEAT_GUEST_PERCENT ? r.nextInt(guests) : guests++;
                Guest guest = guest(g);
                LocalDate arrival = NIGHT.plusDays(r.nextInt(-30, 181));
                int nights = r.nextInt(100) < 5 ? 8 + r.nextInt(14) : 1 + r.nextInt(7);
                LocalDate departure = arrival.plusDays(nights);
                String status = status(r, arrival, departure);
                String roomType = pick(r, ROOM_TYPES);
                boolean assigned = !(status.equals("RESERVED") || status.equals("WAITLIST") || status.equals("CANCELLED"))
                        || r.nextInt(100) < 40;
                String room = assigned ? room(r) : "";
                boolean usd = r.nextInt(100) < 8;
                double rate = BASE_RATE.get(roomType) * (0.8 + r.nextDouble() * 0.6) / (usd ? 35.0 : 1.0);
                sb.setLength(0);
                sb.append(confirmation(i)).append(',').append(resort(i)).append(',').append(guest.nameId).append(',')
                        .append(guest.operaName()).append(',').append(guest.birth).append(',').append(guest.gender).append(',')
                        .append(guest.nationality).append(',').append(guest.language).append(',').append(guest.email).append(',')
                        .append(guest.phone).append(',').append(guest.passport).append(',').append(guest.vip).append(',')
                        .append(guest.member).append(',').append(guest.optIn).append(',').append(operaDate(arrival)).append(',')
                        .append(operaDate(departure)).append(',').append(roomType).append(',').append(room).append(',')
                        .append(pick(r, RATE_CODES)).append(',');
                money(sb, Math.round(rate * 100));
                sb.append(',').append(usd ? "USD" : "THB").append(',').append(status).append(',').append(pick(r, CHANNELS))
                        .append(',').append(1 + r.nextInt(3)).append(',').append(r.nextInt(100) < 80 ? 0 : 1 + r.nextInt(2))
                        .append('\n');
                w.append(sb);
                bytes += sb.length(); // ASCII only
            }
        }
        return new long[]{i, guests};
    }

    private static String status(SplittableRandom r, LocalDate arrival, LocalDate departure) {
        int p = r.nextInt(100);
        if (!departure.isAfter(NIGHT)) return p < 90 ? "CHECKED OUT" : p < 95 ? "NO SHOW" : "CANCELLED";
        if (!arrival.isAfter(NIGHT)) return departure.equals(NIGHT.plusDays(1)) ? "DUE OUT" : "CHECKED IN";
        if (p < 12) return "CANCELLED";
        if (p < 15) return "WAITLIST";
        return arrival.equals(NIGHT.plusDays(1)) ? "DUE IN" : "RESERVED";
    }

    private static String room(SplittableRandom r) {
        int floor = 2 + r.nextInt(21);
        int n = 1 + r.nextInt(24);
        return (floor < 10 ? "0" : "") + floor + (n < 10 ? "0" : "") + n;
    }

    // ---------------------------------------------------------------- folio

    private record Trx(String code, String description, String user, int minCents, int maxCents, boolean credit) {
    }

    private static final List<Trx> EXTRAS = List.of(
            new Trx("2000", "Café Chk ", "POSIF", 15_000, 250_000, false),
            new Trx("2010", "Bar Chk ", "POSIF", 18_000, 300_000, false),
            new Trx("3000", "Minibar – Snacks", "HSK02", 6_000, 90_000, false),
            new Trx("4000", "Spa – Thai Massage", "SPA01", 120_000, 600_000, false),
            new Trx("5000", "Laundry", "HSK02", 8_000, 120_000, false),
            new Trx("5100", "Telephone", "NAUDIT", 1_000, 20_000, false),
            new Trx("6000", "Airport Transfer", "FO01", 90_000, 250_000, false));
    private static final Trx ROOM = new Trx("1000", "Room Charge", "NAUDIT", 250_000, 1_600_000, false);
    private static final Trx VAT = new Trx("9000", "VAT 7%", "NAUDIT", 10_000, 120_000, false);
    private static final Trx[] PAYMENTS = {new Trx("9100", "Payment Visa", "FO01", 0, 0, true),
            new Trx("9100", "Payment Mastercard", "FO02", 0, 0, true), new Trx("9110", "Payment Cash", "FO01", 0, 0, true)};

    /** @return the number of R (folio header) records */
    private long writeFolio(Path file, int reservations, int lines) throws IOException {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        String bdate = NIGHT.format(DateTimeFormatter.BASIC_ISO_DATE);
        long remaining = lines;
        long headers = 0;
        StringBuilder sb = new StringBuilder(128);
        try (Writer w = writer(file, Charset.forName("windows-1252"))) {
            for (int i = 0; i < reservations && remaining > 0; i++) {
                long folios = reservations - i;
                long n;
                if (folios == 1) n = remaining;
                else {
                    long avg = Math.max(1, remaining / folios);
                    n = Math.max(1, Math.min(remaining, avg - 3 + r.nextInt(7)));
                }
                remaining -= n;
                String conf = confirmation(i);
                String resort = resort(i);
                sb.setLength(0);
                sb.append('R');
                pad(sb, resort, 6);
                pad(sb, conf, 11);
                sb.append("OPERA5 CHECKOUT EXPORT ").append(bdate).append('\n');
                w.append(sb);
                headers++;
                long total = 0;
                for (long seq = 1; seq <= n; seq++) {
                    Trx t;
                    long cents;
                    if (seq == n && n >= 3) {
                        t = PAYMENTS[r.nextInt(PAYMENTS.length)];
                        cents = Math.max(100, total);
                    } else {
                        t = seq == 1 ? ROOM : seq == 2 ? VAT : EXTRAS.get(r.nextInt(EXTRAS.size()));
                        cents = t.minCents + r.nextInt(t.maxCents - t.minCents + 1);
                        total += cents;
                    }
                    String desc = t.description.endsWith(" ") ? t.description + (10_000 + r.nextInt(90_000)) : t.description;
                    LocalDate business = NIGHT.minusDays(r.nextInt(3));
                    sb.setLength(0);
                    sb.append('T');
                    pad(sb, resort, 6);
                    pad(sb, conf, 11);
                    padLeft(sb, Long.toString(seq), 10);
                    pad(sb, t.code, 4);
                    pad(sb, desc, 20);
                    pad(sb, t.user, 6);
                    sb.append(business.equals(NIGHT) ? bdate : business.format(DateTimeFormatter.BASIC_ISO_DATE));
                    int mark = sb.length();
                    money(sb, cents);
                    String amount = sb.substring(mark);
                    sb.setLength(mark);
                    padLeft(sb, amount, 12);
                    sb.append(t.credit ? 'C' : ' ').append('\n');
                    w.append(sb);
                }
            }
        }
        return headers;
    }

    // ---------------------------------------------------------------- POS

    static final String POS_HEADER = "PROPERTY;OUTLET;CHECK_NO;TABLE;COVERS;OPENED;CLOSED;ROOM_NO;MEMBER_NO;GUEST_NAME;"
            + "ITEM_LINE;ITEM;QTY;PRICE;SETTLEMENT;CHECK_TOTAL";
    private static final Map<String, String[]> OUTLETS = Map.of("BKK01", new String[]{"CAFE", "SIAM", "POOLBAR", "LOBBYBAR"},
            "HKT01", new String[]{"BEACH", "GRILL", "POOLBAR"});
    private static final String[] MENU = {"Club Sandwich:320", "Coffee:120", "Fried Egg:90", "American Breakfast:450",
            "Pad Thai Goong:280", "Tom Yum Goong:320", "Green Curry Chicken:300", "Som Tam:180", "Mango Sticky Rice:160",
            "Massaman Beef:380", "Singha Beer:150", "Chang Beer:140", "Mojito:290", "Aperol Spritz:350", "Fresh Coconut:120",
            "Grilled Seabass:890", "Wagyu Burger:690", "Caesar Salad:340", "Sparkling Water:90", "House Wine Glass:320",
            "Espresso:100", "Thai Iced Tea:110", "Fried Rice Crab:360", "Spring Rolls:190"};
    private static final String[] SETTLEMENTS = {"CASH", "VISA", "MASTERCARD", "QR", "VISA"};
    private static final DateTimeFormatter POS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** @return the number of checks */
    private long writePos(Path file, int items, int guests) throws IOException {
        SplittableRandom r = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        Map<String, Integer> nextCheck = new HashMap<>();
        long remaining = items;
        long checks = 0;
        LocalDateTime dayStart = NIGHT.minusDays(1).atTime(6, 0);
        StringBuilder sb = new StringBuilder(256);
        try (Writer w = writer(file, StandardCharsets.UTF_8)) {
            w.write('\uFEFF');
            w.write(POS_HEADER);
            w.write('\n');
            while (remaining > 0) {
                String property = r.nextInt(100) < 60 ? "BKK01" : "HKT01";
                String outlet = pick(r, OUTLETS.get(property));
                int check = nextCheck.merge(property + outlet, 1, Integer::sum) + 10_000 + night * 1_000_000;
                int n = (int) Math.min(remaining, 1 + r.nextInt(6));
                remaining -= n;
                checks++;
                String table = outlet.endsWith("BAR") ? "B" + (1 + r.nextInt(12)) : (r.nextInt(4) == 0 ? "W" : "T") + (1 + r.nextInt(30));
                int covers = Math.max(1, Math.min(8, n - r.nextInt(3) + r.nextInt(2)));
                LocalDateTime opened = dayStart.plusMinutes(r.nextInt(17 * 60));
                LocalDateTime closed = opened.plusMinutes(10 + r.nextInt(110));
                boolean roomCharge = r.nextInt(100) < 30;
                boolean member = r.nextInt(100) < 10;
                String room = roomCharge ? room(r) : "";
                int g = r.nextInt(Math.max(1, guests));
                String memberNo = member ? "BR" + (7_000_000 + guestOffset() + g) : "";
                String guestName = "";
                if (roomCharge || member) {
                    Guest guest = guest(g);
                    guestName = guest.family + "/" + guest.given;
                }
                String settlement = roomCharge ? "ROOM" : pick(r, SETTLEMENTS);
                String[] names = new String[n];
                int[] qty = new int[n];
                int[] price = new int[n];
                long total = 0;
                for (int k = 0; k < n; k++) {
                    String[] m = pick(r, MENU).split(":");
                    names[k] = m[0];
                    price[k] = Integer.parseInt(m[1]) * 100;
                    qty[k] = k > 0 && r.nextInt(100) < 2 ? -1 : 1 + (r.nextInt(100) < 20 ? 1 + r.nextInt(2) : 0);
                    total += (long) qty[k] * price[k];
                }
                String head = property + ';' + outlet + ';' + check + ';' + table + ';' + covers + ';' + opened.format(POS_TIME)
                        + ';' + closed.format(POS_TIME) + ';' + room + ';' + memberNo + ';' + guestName + ';';
                for (int k = 0; k < n; k++) {
                    sb.setLength(0);
                    sb.append(head).append(k + 1).append(';').append(names[k]).append(';').append(qty[k]).append(';');
                    money(sb, price[k]);
                    sb.append(';').append(settlement).append(';');
                    money(sb, Math.max(0, total));
                    sb.append('\n');
                    w.append(sb);
                }
            }
        }
        return checks;
    }

    // ---------------------------------------------------------------- helpers

    private static Writer writer(Path file, Charset cs) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), cs), 1 << 16);
    }

    private static final DateTimeFormatter OPERA_DATE = DateTimeFormatter.ofPattern("dd-MMM-yy", Locale.ENGLISH);

    private static String operaDate(LocalDate d) {
        return d.format(OPERA_DATE).toUpperCase(Locale.ROOT);
    }

    private static <T> T pick(SplittableRandom r, T[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String digits(SplittableRandom r, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) c[i] = (char) ('0' + r.nextInt(10));
        return new String(c);
    }

    private static void money(StringBuilder sb, long cents) {
        if (cents < 0) {
            sb.append('-');
            cents = -cents;
        }
        sb.append(cents / 100).append('.');
        long c = cents % 100;
        if (c < 10) sb.append('0');
        sb.append(c);
    }

    /** Left-aligned, space-padded or cut to {@code width}. */
    private static void pad(StringBuilder sb, String s, int width) {
        if (s.length() >= width) sb.append(s, 0, width);
        else {
            sb.append(s);
            for (int i = s.length(); i < width; i++) sb.append(' ');
        }
    }

    private static void padLeft(StringBuilder sb, String s, int width) {
        for (int i = s.length(); i < width; i++) sb.append(' ');
        sb.append(s);
    }
}
