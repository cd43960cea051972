package io.guestlink.identity;

import io.guestlink.identity.match.Blocking;
import io.guestlink.identity.match.IncrementalLinker;
import io.guestlink.identity.match.PersonRecord;
import io.guestlink.identity.names.NameNormaliser;
import io.guestlink.identity.names.NameResult;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a person typed into a guest search, turned into the keys the store holds, with the same normalisers imports
 * use: a name into its readings' phonetic name keys (the blocking keys of identity resolution, so 于明, YU/MING and
 * "Ming Yu" meet, and so do spellings that sound alike), an e-mail or phone into its normalised contact key, a
 * membership number into its identity key. A value that identifies nobody (a placeholder e-mail, "GUEST", a lone
 * initial) gives no key, so it finds nothing rather than everybody.
 */
public final class SearchTerms {
    private final NameNormaliser names;
    private final Normalisers normalisers;

    public SearchTerms(NameNormaliser names, Normalisers normalisers) {
        this.names = names;
        this.normalisers = normalisers;
    }

    /**
     * The name keys of a full name, in the stored (hashed) form (family and given, in either order and any script). Empty when the name is
     * unusable or has only one part: one part alone would list a whole city's Wangs.
     */
    public Set<String> nameKeys(String text) {
        NameResult r = names.normalise(null, null, text);
        if (!r.usable()) return Set.of();
        Set<String> keys = new LinkedHashSet<>();
        for (String k : Blocking.keys(new PersonRecord("search", r.readings(), null, null, null, null, null, null, null, null)))
            if (k.startsWith("NN:")) keys.add(IncrementalLinker.storedKey(k));
        return keys;
    }

    public Optional<String> emailKey(String text) {
        return normalisers.email().normalise(text).map(e -> "EMAIL:" + e);
    }

    /** @param region ISO 3166 region for a number written without a country code; null: international numbers only */
    public Optional<String> phoneKey(String text, String region) {
        return normalisers.phone().toE164(text, region).map(p -> "PHONE:" + p);
    }

    public Optional<String> memberKey(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(IdentityKeys.member(text));
    }
}
