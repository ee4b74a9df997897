package dev.useboth.core.common;

/** One invalid field of a request: {@code field} is the JSON property path, {@code message} says why. */
public record FieldProblem(String field, String message) {}
