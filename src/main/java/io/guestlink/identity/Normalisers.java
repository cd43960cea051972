package io.guestlink.identity;


/** The identity normalisers a mapping applies to contact data, configured once per running instance. */
public record Normalisers(EmailNormaliser email, PhoneNormaliser phone, IdDocumentHasher idDocuments) {
}
