package io.guestlink.ingest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * How one canonical field gets its value from a source row. In YAML either a bare column name
 * ({@code guest.email: EMAIL}) or an object:
 * <ul>
 *   <li>{@code column} one column; {@code columns} several, joined by {@code join} (default one space)</li>
 *   <li>{@code constant} a fixed value; {@code default} used when the column is empty</li>
 *   <li>{@code formats} date/time patterns tried in order (overriding the source's defaults)</li>
 *   <li>{@code codes} name of a code table in the source's {@code codes} section</li>
 *   <li>{@code nameFormat} for names: {@code LAST/FIRST TITLE}, {@code FAMILY GIVEN}, {@code GIVEN FAMILY}, {@code AS-IS}</li>
 *   <li>{@code plusDays} for dates: columns whose integer values are added to the date of field {@code from}</li>
 *   <li>{@code split} for list fields ({@code guest.preference}, {@code guest.allergy}): the separator between the
 *       items of one value ({@code "HF,NS,FP"}); default {@code ","}</li>
 * </ul>
 */
public record FieldSpec(
        String column,
        List<String> columns,
        String join,
        String constant,
        @JsonProperty("default") String defaultValue,
        List<String> formats,
        String codes,
        String nameFormat,
        String from,
        List<String> plusDays,
        String split) {

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static FieldSpec ofColumn(String column) {
        return new FieldSpec(column, null, null, null, null, null, null, null, null, null, null);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public FieldSpec(@JsonProperty("column") String column,
                     @JsonProperty("columns") List<String> columns,
                     @JsonProperty("join") String join,
                     @JsonProperty("constant") String constant,
                     @JsonProperty("default") String defaultValue,
                     @JsonProperty("formats") List<String> formats,
                     @JsonProperty("codes") String codes,
                     @JsonProperty("nameFormat") String nameFormat,
                     @JsonProperty("from") String from,
                     @JsonProperty("plusDays") List<String> plusDays,
                     @JsonProperty("split") String split) {
        this.column = column;
        this.columns = columns == null ? List.of() : List.copyOf(columns);
        this.join = join == null ? " " : join;
        this.constant = constant;
        this.defaultValue = defaultValue;
        this.formats = formats == null ? List.of() : List.copyOf(formats);
        this.codes = codes;
        this.nameFormat = nameFormat;
        this.from = from;
        this.plusDays = plusDays == null ? List.of() : List.copyOf(plusDays);
        this.split = split;
    }

    /** The separator of a list field's items. */
    String separator() {
        return split == null || split.isEmpty() ? "," : split;
    }

    /** Every source column this field reads, for checking them against the file header. */
    public List<String> sourceColumns() {
        var all = new java.util.ArrayList<String>();
        if (column != null) all.add(column);
        all.addAll(columns);
        all.addAll(plusDays);
        return all;
    }

    boolean readsNothing() {
        return column == null && columns.isEmpty() && constant == null && from == null && defaultValue == null;
    }
}
