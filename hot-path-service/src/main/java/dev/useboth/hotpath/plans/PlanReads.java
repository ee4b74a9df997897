package dev.useboth.hotpath.plans;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Plain JDBC on {@code read_api.plans}. */
public final class PlanReads {

    static final String SQL = "select code, name, price_minor, currency, billing_interval, trial_days, features"
            + " from read_api.plans order by price_minor, code";
    private static final TypeReference<List<Plan.Feature>> FEATURES = new TypeReference<>() {};

    private final DataSource dataSource;
    private final ObjectMapper json;

    public PlanReads(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public List<Plan> activePlans() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SQL);
                ResultSet rs = ps.executeQuery()) {
            List<Plan> plans = new ArrayList<>();
            while (rs.next()) {
                plans.add(new Plan(
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getLong("price_minor"),
                        rs.getString("currency"),
                        rs.getString("billing_interval"),
                        rs.getInt("trial_days"),
                        features(rs.getString("features"))));
            }
            return plans;
        }
    }

    private List<Plan.Feature> features(String column) throws SQLException {
        try {
            return json.readValue(column, FEATURES);
        } catch (JsonProcessingException e) {
            throw new SQLException("read_api.plans.features is not the expected JSON", e);
        }
    }
}
