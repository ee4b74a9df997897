package dev.useboth.core.accounts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** PATCH /api/v1/me: the fields a user may change about themselves. */
record UserUpdateRequest(@NotBlank @Size(max = 100) String displayName) {}
