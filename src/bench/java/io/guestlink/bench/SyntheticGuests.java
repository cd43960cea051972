package io.guestlink.bench;

import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.names.ComparableName;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic guest profiles with known truth, for the million-profile run. Deterministic for a seed.
 *
 * <p>Persons get names from mixed pools (Chinese, English, German, Spanish, Indian, Japanese, Arabic surnames;
 * Zipf-like, so ZHANG WEI and SMITH JOHN are common), a birth date (8% missing), gender, an e-mail (75%), a phone
 * (70%), a passport hash (35%), and an address with postcode and locality. About 10% of persons live in a
 * household with a partner: same family name and address, and the shared family e-mail and phone. Non-identifying
 * values: 0.5% of records carry the hotel's house e-mail, 2% one of 40 travel-agent e-mails, 1% one of 30 company
 * switchboard phones.
 *
 * <p>20% of persons get one to three more profiles (about 1.25 records per person), each with some of: a typo in
 * a name (30% each part), family/given swapped (5%), birth date missing (20%) or day/month swapped (5%), e-mail
 * missing (30%) or another one (10%), phone missing (30%), document missing (50%), address missing (25%) or
 * mistyped (20%), postcode missing (10%).
 */
final class SyntheticGuests {

    record Data(List<PersonRecord> records, int[] person, int persons) {
    }

    private static final String[] FAMILY = {"ZHANG", "WANG", "LI", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU",
            "XU", "SUN", "MA", "ZHU", "HU", "GUO", "HE", "LIN", "LUO", "GAO", "SMITH", "JOHNSON", "WILLIAMS", "BROWN",
            "JONES", "MILLER", "DAVIS", "WILSON", "ANDERSON", "TAYLOR", "THOMAS", "MOORE", "MARTIN", "JACKSON", "WHITE",
            "HARRIS", "CLARK", "LEWIS", "ROBINSON", "WALKER", "YOUNG", "ALLEN", "KING", "WRIGHT", "SCOTT", "GREEN",
            "BAKER", "ADAMS", "NELSON", "HILL", "MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER",
            "BECKER", "SCHULZ", "HOFFMANN", "GARCIA", "MARTINEZ", "RODRIGUEZ", "LOPEZ", "GONZALEZ", "PEREZ", "SANCHEZ",
            "RAMIREZ", "TORRES", "FLORES", "SHARMA", "PATEL", "SINGH", "KUMAR", "GUPTA", "REDDY", "IYER", "NAIR",
            "SATO", "SUZUKI", "TAKAHASHI", "TANAKA", "WATANABE", "ITO", "YAMAMOTO", "NAKAMURA", "KOBAYASHI", "KATO",
            "KIM", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON", "JANG", "AL SAYED", "HASSAN", "KHAN", "AHMED", "ALI",
            "IBRAHIM", "MUSTAFA", "NOWAK", "KOWALSKI", "ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "BIANCHI", "ROMANO",
            "DUBOIS", "MOREAU", "LAURENT", "SIMON", "MICHEL", "LEFEBVRE", "LEROY", "ROUX", "IVANOV", "SMIRNOV",
            "KUZNETSOV", "POPOV", "VASILIEV", "PETROV", "SOKOLOV", "OKAFOR", "ADEYEMI", "MENSAH", "NGUYEN", "TRAN",
            "LE", "PHAM", "HOANG", "O BRIEN", "MURPHY", "KELLY", "WALSH", "BYRNE", "RYAN", "SILVA", "SANTOS", "OLIVEIRA",
            "SOUZA", "PEREIRA", "COSTA", "CARVALHO", "JANSEN", "DE JONG", "DE VRIES", "VAN DIJK", "BAKKER", "VISSER",
            "ANDERSSON", "JOHANSSON", "KARLSSON", "NILSSON", "ERIKSSON", "HANSEN", "NIELSEN", "JENSEN", "PEDERSEN"};
    private static final String[] GIVEN_M = {"WEI", "JUN", "LEI", "YONG", "JIE", "TAO", "MING", "HAO", "JAMES", "JOHN",
            "ROBERT", "MICHAEL", "DAVID", "WILLIAM", "RICHARD", "THOMAS", "DANIEL", "PAUL", "MARK", "PETER", "ANDREAS",
            "STEFAN", "MICHAEL", "JUAN", "CARLOS", "JOSE", "LUIS", "RAHUL", "AMIT", "RAJ", "VIKRAM", "HIROSHI", "TAKESHI",
            "KENJI", "MIN JUN", "JI HOON", "AHMED", "MOHAMMED", "OMAR", "YUSUF", "PIOTR", "MARCO", "LUCA", "PIERRE",
            "JEAN", "SERGEI", "IVAN", "CHIDI", "KWAME", "MINH", "SEAN", "JOAO", "PEDRO", "JAN", "LARS", "ERIK", "OLE"};
    private static final String[] GIVEN_F = {"LI", "FANG", "NA", "XIU YING", "JING", "MIN", "YAN", "MARY", "PATRICIA",
            "JENNIFER", "LINDA", "ELIZABETH", "SUSAN", "JESSICA", "SARAH", "KAREN", "ANNA", "SABINE", "JULIA", "MARIA",
            "CARMEN", "LUCIA", "PRIYA", "ANITA", "SUNITA", "YUKI", "HARUKA", "AKIKO", "JI YEON", "SEO YEON", "FATIMA",
            "AISHA", "LAYLA", "ANNA", "GIULIA", "SOFIA", "MARIE", "CAMILLE", "OLGA", "TATIANA", "NGOZI", "AMA", "LAN",
            "AOIFE", "ANA", "BEATRIZ", "EMMA", "SANNE", "INGRID", "KARIN", "MAJA"};
    private static final String[] STREET = {"MAIN", "HIGH", "PARK", "OAK", "PINE", "MAPLE", "CEDAR", "ELM", "VIEW", "LAKE",
            "HILL", "CHURCH", "MILL", "STATION", "BRIDGE", "KING", "QUEEN", "VICTORIA", "GEORGE", "ALBERT", "NANJING",
            "JIANGUO", "HUAIHAI", "BAKER", "OXFORD", "REGENT", "RIVOLI", "GOETHE", "SCHILLER", "MOZART", "GRAN VIA",
            "ALCALA", "SERRANO", "MG", "NEHRU", "GANDHI", "GINZA", "OMOTESANDO", "GANGNAM", "TEHERAN", "HAMRA", "NOWY SWIAT"};
    private static final String[] STREET_TYPE = {"STREET", "ROAD", "AVENUE", "LANE", "DRIVE", "PLACE", "WAY", "COURT"};
    private static final String[] DOMAIN = {"gmail.com", "yahoo.com", "outlook.com", "qq.com", "163.com", "web.de",
            "gmx.de", "hotmail.com", "icloud.com", "naver.com", "yandex.ru", "orange.fr", "libero.it"};
    private static final int LOCALITIES = 2_000, POSTCODES = 20_000;

    /** Locality names built from syllables (distinct words, as real town names are, not CITY1 / CITY12). */
    private static final String[] LOCALITY_NAMES = localities();

    private static final String[] STREET_NAMES = streetNames();

    private static String[] streetNames() {
        String[] a = {"ASH", "BIRCH", "CLAY", "DUN", "ELDER", "FAIR", "GLEN", "HAW", "IVY", "JUNI", "KEEL", "LARK", "MEAD",
                "NUT", "ORCH", "PRIM", "QUAR", "RAVEN", "SAND", "THORN", "UNDER", "VINE", "WIL", "YEW"};
        String[] b = {"BANK", "BROOK", "BURN", "COMBE", "CROFT", "DEAN", "DOWN", "FOLD", "GARTH", "GREEN", "HAUGH", "HOLT",
                "HOPE", "KNOLL", "LANDS", "LEA", "LOW", "MEADOW", "MILL", "MOUNT", "ORCHARD", "PARK", "RISE", "ROW", "SCAR",
                "SHAW", "SLADE", "SPRING", "STILE", "THWAITE", "TOFT", "VALE", "WARREN", "WELL", "WOLD", "YARD"};
        String[] out = new String[a.length * b.length];
        int k = 0;
        for (String p : a) for (String q : b) out[k++] = p + q;
        return out;
    }

    private static String[] localities() {
        String[] a = {"BAR", "KEN", "MOR", "LIN", "STAD", "WEL", "HAM", "TON", "DAL", "ROS", "FEN", "GAR", "VIL", "BRO",
                "CAS", "NOR", "SUD", "OST", "WES", "PAL", "MAR", "TOR", "QUI", "ZEN"};
        String[] b = {"FORD", "BURY", "DALE", "FIELD", "HOLM", "WICK", "MOUTH", "GATE", "BERG", "HAVEN", "LEY", "TORP",
                "VALE", "CROSS", "POINT", "MERE", "SHAW", "STEAD", "WOOD", "BROOK", "CLIFF", "HURST", "MOOR", "WATER",
                "SIDE", "HALL", "KIRK", "NESS", "PORT", "RIDGE", "STONE", "THORPE", "TOWN", "VIEW", "WELL", "WORTH"};
        String[] c = {"", " NORTH", " SOUTH", " EAST", " WEST", " HEIGHTS", " PARK", " BAY", " HILLS", " SPRINGS", " CREEK",
                " VALLEY", " GROVE", " PLAINS", " BEACH", " JUNCTION", " FLATS", " DOWNS", " LAKES", " GARDENS", " CENTRAL",
                " UPPER", " LOWER"};
        String[] out = new String[LOCALITIES];
        int k = 0;
        for (int x = 0; x < c.length && k < LOCALITIES; x++)
            for (String p : a)
                for (String q : b) if (k < LOCALITIES) out[k++] = p + q + c[x];
        return out;
    }

    private SyntheticGuests() {
    }

    static Data generate(int records, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<PersonRecord> out = new ArrayList<>(records + 8);
        List<Integer> truth = new ArrayList<>(records + 8);
        String[] agencies = new String[40];
        for (int i = 0; i < agencies.length; i++) agencies[i] = "bookings" + i + "@travel-agency" + i + ".com";
        String[] switchboards = new String[30];
        for (int i = 0; i < switchboards.length; i++) switchboards[i] = "+4420" + (70000000 + i * 7919);
        int person = 0;
        while (out.size() < records) {
            int id = person++;
            Base base = base(rnd, id);
            Base partner = null;
            if (rnd.nextDouble() < 0.10) {
                // a household: partner with the same family name, address, family e-mail and phone
                partner = base(rnd, person++);
                partner.family = base.family;
                partner.address = base.address;
                partner.postcode = base.postcode;
                partner.locality = base.locality;
                partner.email = base.email = (base.family.replace(" ", "") + ".family" + rnd.nextInt(1000) + "@" + DOMAIN[rnd.nextInt(DOMAIN.length)]).toLowerCase();
                partner.phone = base.phone;
                partner.male = !base.male;
                partner.given = pick(rnd, partner.male ? GIVEN_M : GIVEN_F);
            }
            for (Base b : partner == null ? List.of(base) : List.of(base, partner)) {
                int copies = rnd.nextDouble() < 0.20 ? 1 + rnd.nextInt(3) : 0;
                for (int c = 0; c <= copies && out.size() < records; c++) {
                    out.add(c == 0 ? b.record("g" + out.size(), rnd, agencies, switchboards) : b.duplicate(rnd, agencies, switchboards, "g" + out.size()));
                    truth.add(b.id);
                }
            }
        }
        int[] t = new int[truth.size()];
        for (int i = 0; i < t.length; i++) t[i] = truth.get(i);
        return new Data(out, t, person);
    }

    private static Base base(SplittableRandom rnd, int id) {
        Base b = new Base();
        b.id = id;
        b.male = rnd.nextBoolean();
        b.family = zipf(rnd, FAMILY);
        b.given = zipf(rnd, b.male ? GIVEN_M : GIVEN_F);
        b.birth = rnd.nextDouble() < 0.08 ? null : LocalDate.of(1940, 1, 1).plusDays(rnd.nextInt(66 * 365));
        b.email = rnd.nextDouble() < 0.75 ? (b.given + "." + b.family).replace(" ", "").toLowerCase() + (id % 997) + "."
                + Integer.toString(id, 36) + "@" + DOMAIN[rnd.nextInt(DOMAIN.length)] : null;
        b.phone = rnd.nextDouble() < 0.70 ? "+" + (1 + rnd.nextInt(98)) + (100_000_000L + (id * 7_919L) % 899_999_999L) : null;
        b.document = rnd.nextDouble() < 0.35 ? "PASSPORT:" + Long.toHexString(0x1_0000_0000L + id * 2_654_435_761L % 0xffff_ffffL) : null;
        int postcode = rnd.nextInt(POSTCODES);
        b.postcode = String.format("%05d", postcode);
        b.locality = LOCALITY_NAMES[(postcode / 10) % LOCALITIES]; // ten neighbouring postcodes per locality
        // a third of streets carry the usual names (MAIN, HIGH, STATION...), the rest one of ~860 local names, so a
        // town of a few hundred guests has them on many streets, as a real town does
        String street = rnd.nextDouble() < 0.33 ? STREET[rnd.nextInt(STREET.length)] : STREET_NAMES[rnd.nextInt(STREET_NAMES.length)];
        b.address = (1 + rnd.nextInt(300)) + " " + street + " " + STREET_TYPE[rnd.nextInt(STREET_TYPE.length)];
        return b;
    }

    /** Zipf-like pick: index i with weight 1/(i+1)^0.8, so the head of the list is common. */
    private static String zipf(SplittableRandom rnd, String[] values) {
        double u = rnd.nextDouble();
        int i = (int) Math.floor(Math.pow(values.length + 1.0, u) - 1);
        return values[Math.min(values.length - 1, Math.max(0, i))];
    }

    private static String pick(SplittableRandom rnd, String[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private static String typo(SplittableRandom rnd, String s) {
        if (s.length() < 3) return s + (char) ('A' + rnd.nextInt(26));
        int i = 1 + rnd.nextInt(s.length() - 2);
        char[] c = s.toCharArray();
        switch (rnd.nextInt(3)) {
            case 0 -> c[i] = (char) ('A' + rnd.nextInt(26)); // substitution
            case 1 -> { // transposition
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
            }
            default -> { // deletion
                return s.substring(0, i) + s.substring(i + 1);
            }
        }
        return new String(c).replace("  ", " ");
    }

    private static final class Base {
        int id;
        boolean male;
        String family, given, email, phone, document, postcode, locality, address;
        LocalDate birth;

        PersonRecord record(String rid, SplittableRandom rnd, String[] agencies, String[] switchboards) {
            return build(rid, family, given, birth, email, phone, document, postcode, address, locality, rnd, agencies, switchboards);
        }

        PersonRecord duplicate(SplittableRandom rnd, String[] agencies, String[] switchboards, String rid) {
            String f = rnd.nextDouble() < 0.3 ? typo(rnd, family) : family;
            String g = rnd.nextDouble() < 0.3 ? typo(rnd, given) : given;
            if (rnd.nextDouble() < 0.05) {
                String t = f;
                f = g;
                g = t;
            }
            LocalDate b = birth;
            if (b != null && rnd.nextDouble() < 0.20) b = null;
            else if (b != null && rnd.nextDouble() < 0.05 && b.getDayOfMonth() <= 12)
                b = LocalDate.of(b.getYear(), b.getDayOfMonth(), b.getMonthValue());
            String e = email == null || rnd.nextDouble() < 0.3 ? null : email;
            if (rnd.nextDouble() < 0.10) e = (given + family).replace(" ", "").toLowerCase() + rnd.nextInt(100_000) + "@work" + rnd.nextInt(5000) + ".com";
            String p = phone == null || rnd.nextDouble() < 0.3 ? null : phone;
            String d = document == null || rnd.nextDouble() < 0.5 ? null : document;
            String a = rnd.nextDouble() < 0.25 ? null : rnd.nextDouble() < 0.2 ? typo(rnd, address) : address;
            String pc = rnd.nextDouble() < 0.10 ? null : postcode;
            return build(rid, f, g, b, e, p, d, pc, a, locality, rnd, agencies, switchboards);
        }

        private PersonRecord build(String rid, String f, String g, LocalDate b, String e, String p, String d, String pc, String a,
                                   String loc, SplittableRandom rnd, String[] agencies, String[] switchboards) {
            Set<String> emails = new LinkedHashSet<>(), phones = new LinkedHashSet<>(), docs = new LinkedHashSet<>();
            if (e != null) emails.add(e);
            double x = rnd.nextDouble();
            if (x < 0.005) emails.add("reservations@grandhotel.com");            // the house e-mail
            else if (x < 0.025) emails.add(agencies[rnd.nextInt(agencies.length)]); // travel agent
            if (p != null) phones.add(p);
            if (rnd.nextDouble() < 0.01) phones.add(switchboards[rnd.nextInt(switchboards.length)]);
            if (d != null) docs.add(d);
            return new PersonRecord(rid, List.of(new ComparableName(f, g)), b, male ? "M" : "F", emails, phones, docs, pc, a, loc);
        }
    }
}
