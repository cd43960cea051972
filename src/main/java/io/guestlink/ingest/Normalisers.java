package io.guestlink.ingest;

import io.guestlink.identity.EmailNormaliser;
import io.guestlink.identity.IdDocumentHasher;
import io.guestlink.identity.PhoneNormaliser;

/** The identity normalisers a mapping applies to contact data, configured once per running instance. */
public record Normalisers(EmailNormaliser email, PhoneNormaliser phone, IdDocumentHasher idDocuments) {
}
