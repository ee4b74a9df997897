package dev.useboth.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.useboth.core.common.FieldProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    static final PasswordPolicy POLICY = new PasswordPolicy();

    static List<String> problems(String password, String email, String name) {
        return POLICY.check("password", password, email, name).stream()
                .map(FieldProblem::message)
                .toList();
    }

    @Test
    void acceptsALongUnusualPassword() {
        assertThat(problems("violet-harbour-lantern-42", "ada@example.com", "Ada Lovelace"))
                .isEmpty();
    }

    @Test
    void refusesShortPasswordsCountingCharactersNotBytes() {
        assertThat(problems("éléphant-ok", "ada@example.com", "Ada")).contains("must be at least 12 characters long");
        assertThat(problems("éléphant-ok!", "ada@example.com", "Ada")).isEmpty();
    }

    @Test
    void refusesCommonPasswordsWhateverTheirCase() {
        assertThat(problems("QWERTY123456", "ada@example.com", "Ada")).containsExactly("is too common");
        assertThat(POLICY.isCommon("password")).isTrue();
        assertThat(POLICY.isCommon("1qaz2wsx3edc")).isTrue();
    }

    @Test
    void refusesEntirelyNumericPasswords() {
        assertThat(problems("918273645501928", "ada@example.com", "Ada"))
                .containsExactly("must not be entirely numeric");
    }

    @Test
    void refusesPasswordsTooSimilarToTheEmailOrTheName() {
        assertThat(problems("ada.lovelace@example.com", "ada.lovelace@example.com", "Ada"))
                .containsExactly("is too similar to the email");
        assertThat(problems("adalovelace1815", "ada.lovelace@example.com", "Ada"))
                .containsExactly("is too similar to the email");
        assertThat(problems("charles-babbage!", "ada@example.com", "Charles Babbage"))
                .containsExactly("is too similar to the display name");
    }

    @Test
    void reportsEveryFailedRule() {
        assertThat(problems("123456", "ada@example.com", "Ada"))
                .containsExactlyInAnyOrder(
                        "must be at least 12 characters long", "is too common", "must not be entirely numeric");
    }

    @Test
    void measuresSimilarityAsTwiceTheCommonSubsequenceOverTheLengths() {
        assertThat(PasswordPolicy.similarity("abcd", "abcd")).isEqualTo(1.0);
        assertThat(PasswordPolicy.similarity("abcd", "wxyz")).isEqualTo(0.0);
        assertThat(PasswordPolicy.similarity("abcd", "abxy")).isEqualTo(0.5);
    }
}
