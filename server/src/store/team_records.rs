//! Reading the team's records (stories, actions, dreams, meetings, synonyms, rounds, questions
//! and answers, leerpunten).

use super::*;
use werkzaam_protocol::sync::page_of_whole_versions;

/// A page of a team pull, in the order of the index `team_records_team_version_id`
/// (migration 0018: read in order, nothing sorted).
pub const TEAM_PULL_PAGE: &str = "SELECT kind, document, version FROM team_records \
     WHERE team_id = $1 AND version > $2 ORDER BY version, id LIMIT $3";

impl Db {
    /// The records of `team_id` stored after `cursor`, oldest change first, as `reader` may see
    /// them (an anonymous leerpunt of someone else without its author); a page ends on a whole
    /// version.
    pub async fn team_pull(
        &self,
        team_id: &str,
        reader: &str,
        cursor: i64,
        limit: usize,
    ) -> Result<TeamPullResponse, StoreError> {
        let rows = sqlx::query(TEAM_PULL_PAGE)
            .bind(team_id)
            .bind(cursor)
            .bind(limit as i64 + 1)
            .fetch_all(&self.pool)
            .await?;
        let mut page: Vec<(i64, String, String)> = rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("version")?,
                    r.try_get("kind")?,
                    r.try_get("document")?,
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        let versions: Vec<i64> = page.iter().map(|(v, _, _)| *v).collect();
        let (taken, more) = page_of_whole_versions(&versions, limit);
        page.truncate(taken);
        let mut out = TeamPullResponse {
            cursor: page.last().map_or(cursor, |(v, _, _)| *v),
            stories: Vec::new(),
            actions: Vec::new(),
            dreams: Vec::new(),
            meetings: Vec::new(),
            synonyms: Vec::new(),
            rounds: Vec::new(),
            advice: Vec::new(),
            replies: Vec::new(),
            lessons: Vec::new(),
            more,
        };
        for (version, kind, document) in page {
            match kind.as_str() {
                "story" => out.stories.push(at_version(&document, version)?),
                "action" => out.actions.push(at_version(&document, version)?),
                "dream" => out.dreams.push(at_version(&document, version)?),
                "meeting" => out.meetings.push(at_version(&document, version)?),
                "synonym" => out.synonyms.push(at_version(&document, version)?),
                "round" => out.rounds.push(at_version(&document, version)?),
                "advice" => out.advice.push(at_version(&document, version)?),
                "reply" => out.replies.push(at_version(&document, version)?),
                "lesson" => out
                    .lessons
                    .push(at_version::<Lesson>(&document, version)?.for_reader(reader)),
                other => return Err(StoreError::corrupt("team record", format!("kind {other}"))),
            }
        }
        Ok(out)
    }

    /// One dialoogronde of `team_id` (deleted ones too), or `None`.
    pub async fn round(&self, team_id: &str, id: &str) -> Result<Option<Round>, StoreError> {
        let row = sqlx::query(
            "SELECT document, version FROM team_records \
             WHERE team_id = $1 AND id = $2 AND kind = 'round'",
        )
        .bind(team_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| at_version(&r.try_get::<String, _>("document")?, r.try_get("version")?))
            .transpose()
    }

    /// The team's actions (issue 5), for the meeting's agenda.
    pub async fn team_actions(&self, team_id: &str) -> Result<Vec<Action>, StoreError> {
        let rows =
            sqlx::query("SELECT document FROM team_records WHERE team_id = $1 AND kind = 'action'")
                .bind(team_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| parse_json(&r.try_get::<String, _>("document")?))
            .collect()
    }
}
