package io.guestlink.model;

public enum ChargeCategory { ROOM, FNB, MINIBAR, SPA, TAX, PAYMENT, OTHER }
