package dev.useboth.core.billing;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

public interface PlanRepository extends JpaRepository<Plan, Long> {

    @EntityGraph(attributePaths = "features")
    List<Plan> findByActiveTrueOrderByPriceMinorAscCodeAsc();

    Optional<Plan> findByCode(String code);
}
