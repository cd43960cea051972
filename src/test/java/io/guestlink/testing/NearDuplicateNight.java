package io.guestlink.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A generated reservation file full of near-duplicates, for tests of identity linking (src/bench has a larger night;
 * tests may not depend on it): a few common family and given names many times over, each person booked one to
 * five times under a profile id of the PMS's own or a new one, with typos in the name, e-mail or phone left out,
 * the birth date left out or one digit off, and couples sharing their e-mail and phone. Same seed, same file.
 *
 * <p>Columns: {@link #HEADER}; names as {@code FAMILY/GIVEN TITLE}, phones Thai mobiles as a desk types them.
 */
public final class NearDuplicateNight {
    public static final String HEADER = "CONF,GID,NAME,EMAIL,PHONE,BIRTH,ARR,DEP\n";

    private static final String[] FAMILY = {"SMITH", "JONES", "BROWN", "TAYLOR", "WILSON", "CHEN", "WANG", "LI", "ZHANG",
            "LIU", "NGUYEN", "TRAN", "KIM", "LEE", "PARK", "SATO", "SUZUKI", "MUELLER", "SCHMIDT", "GARCIA", "MARTIN", "ROSSI"};
    private static final String[] GIVEN_M = {"JOHN", "PETER", "PAUL", "DAVID", "DANIEL", "WEI", "MING", "JUN", "HANS", "LUCA"};
    private static final String[] GIVEN_F = {"JOAN", "MARY", "MARIA", "ANNA", "ANNE", "HUI", "YUKI", "SOFIA", "EMMA", "OLIVIA"};

    private record Person(int n, String family, String given, boolean female, String birth, String email, String phone) {
    }

    private NearDuplicateNight() {
    }

    /** The file's rows (without the header), in a shuffled order: {@code persons} people, about 2.3 rows each. */
    public static String rows(long seed, int persons) {
        Random r = new Random(seed);
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < persons; i++) {
            boolean female = r.nextBoolean();
            String family = FAMILY[r.nextInt(FAMILY.length)];
            String given = (female ? GIVEN_F : GIVEN_M)[r.nextInt(GIVEN_M.length)];
            String birth = String.format(Locale.ROOT, "%d-%02d-%02d", 1950 + r.nextInt(50), 1 + r.nextInt(12), 1 + r.nextInt(28));
            String email = r.nextInt(10) < 7 ? (given + "." + family + i + "@example.com").toLowerCase(Locale.ROOT) : "";
            String phone = r.nextInt(10) < 7 ? String.format(Locale.ROOT, "08%d %03d %04d", 1 + r.nextInt(9), r.nextInt(1000), r.nextInt(10_000)) : "";
            Person p = new Person(i, family, given, female, birth, email, phone);
            // one in eight is the partner of the person before: same family name, e-mail and phone, other given name
            if (i > 0 && r.nextInt(8) == 0) {
                Person q = people.get(i - 1);
                p = new Person(i, q.family(), (q.female() ? GIVEN_M : GIVEN_F)[r.nextInt(GIVEN_M.length)], !q.female(),
                        birth, q.email(), q.phone());
            }
            people.add(p);
        }
        List<String> rows = new ArrayList<>();
        int conf = 0;
        for (Person p : people) {
            int stays = 1 + (r.nextInt(10) < 6 ? 1 + r.nextInt(4) : 0);
            for (int s = 0; s < stays; s++) rows.add(row(r, p, ++conf));
        }
        Collections.shuffle(rows, r);
        return String.join("", rows);
    }

    private static String row(Random r, Person p, int conf) {
        int gidKind = r.nextInt(10);
        String gid = gidKind < 4 ? "G" + p.n() : gidKind < 8 ? "X" + conf : ""; // the PMS's profile, a duplicate one, none
        String family = r.nextInt(8) == 0 ? typo(r, p.family()) : p.family();
        String given = r.nextInt(8) == 0 ? typo(r, p.given()) : p.given();
        String name = family + "/" + given + (p.female() ? " MRS" : " MR");
        String email = r.nextInt(10) < 3 ? "" : p.email();
        String phone = r.nextInt(10) < 3 || p.phone().isEmpty() ? "" : r.nextBoolean() ? p.phone() : "+66 " + p.phone().substring(1);
        int b = r.nextInt(20);
        String birth = b < 4 ? "" : b == 4 ? offByOneDigit(r, p.birth()) : p.birth();
        int day = 1 + r.nextInt(27);
        String arr = String.format(Locale.ROOT, "2026-03-%02d", day);
        String dep = String.format(Locale.ROOT, "2026-03-%02d", day + 1);
        return String.join(",", "R" + conf, gid, name, email, phone, birth, arr, dep) + "\n";
    }

    /** Two neighbouring letters swapped. */
    private static String typo(Random r, String s) {
        if (s.length() < 3) return s;
        int i = r.nextInt(s.length() - 1);
        char[] c = s.toCharArray();
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
        return new String(c);
    }

    /** The day's last digit changed (a typed birth date one digit off), still a valid date. */
    private static String offByOneDigit(Random r, String birth) {
        int day = Integer.parseInt(birth.substring(8));
        int other = day % 10 == 9 || day >= 28 ? day - 1 : day + 1;
        return birth.substring(0, 8) + String.format(Locale.ROOT, "%02d", other);
    }
}
