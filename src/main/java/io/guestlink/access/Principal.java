package io.guestlink.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who made a request, once authenticated: a person (password) or a system (API token), with its roles. The name is
 * what the audit trail records; it is a configured user or token name, never a guest's.
 */
public record Principal(String name, Set<Role> roles, Kind kind) {
    public enum Kind { PERSON, SYSTEM }

    public Principal {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    /** True when the principal holds any of these roles (an administrator holds them all). */
    public boolean mayAny(Collection<Role> allowed) {
        if (roles.contains(Role.ADMIN)) return true;
        for (Role r : allowed) if (roles.contains(r)) return true;
        return false;
    }

    /**
     * Whether contacts (e-mails, phones) are shown whole. Front-desk and outlet staff see them masked unless another
     * of their roles needs them; a system token sees what its roles allow.
     */
    public boolean seesContacts() {
        for (Role r : roles) if (r != Role.FRONT_DESK && r != Role.OUTLET) return true;
        return false;
    }
}
