package io.relance.engagement;

import org.springframework.data.jpa.repository.JpaRepository;

interface ContactEngagementRepository extends JpaRepository<ContactEngagement, String> {
}
