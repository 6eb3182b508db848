//! The team's records (stories, actions, dreams, sessions, synonyms): saved with their
//! change, and a team pull applied.

use super::*;

/// Where the last pull of the team's records ended, kept under `meta/team`.
#[derive(Serialize, Deserialize)]
pub(super) struct TeamMeta {
    key: String,
    cursor: f64,
}

impl Store {
    pub(super) async fn seal_team(
        &self,
        id: &str,
        kind: &str,
        json: &str,
    ) -> Result<JsValue, StoreError> {
        Ok(self.seal_teams(&[(id, kind, json)]).await?.remove(0))
    }

    /// Team records `(id, kind, json)` as rows, in order, encrypted in one batch.
    pub(super) async fn seal_teams(
        &self,
        records: &[(&str, &str, &str)],
    ) -> Result<Vec<JsValue>, StoreError> {
        let items: Vec<_> = records
            .iter()
            .map(|(id, _, json)| (place("team", id), json.as_bytes()))
            .collect();
        let encs = self.seal_all(&items).await?;
        records
            .iter()
            .zip(encs)
            .map(|((id, kind, _), enc)| {
                row(&[
                    ("id", JsValue::from_str(id)),
                    ("kind", JsValue::from_str(kind)),
                    ("enc", enc),
                ])
            })
            .collect()
    }

    /// Where the last pull of the team's records ended (`-1`: never).
    pub async fn team_cursor(&self) -> Result<i64, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let meta = tx.store(META)?.get(JsValue::from_str(TEAM_KEY)).await?;
        tx.done().await?;
        Ok(match meta {
            Some(v) => serde_wasm_bindgen::from_value::<TeamMeta>(v)?.cursor as i64,
            None => -1,
        })
    }

    /// Stores a pulled page of the team's stories and actions and the cursor to keep, in one
    /// transaction; records with unsent changes here are left as they are
    /// (`outbox::team_page`). Returns the cursor kept.
    pub async fn apply_team_pull(
        &self,
        page: &werkzaam_protocol::sync::TeamPullResponse,
        held: Option<i64>,
    ) -> Result<i64, StoreError> {
        let mut pulled: Vec<(String, u64, &'static str, String)> = Vec::new();
        for s in &page.stories {
            pulled.push((s.id.clone(), s.version, "story", to_json(s)?));
        }
        for a in &page.actions {
            pulled.push((a.id.clone(), a.version, "action", to_json(a)?));
        }
        for d in &page.dreams {
            pulled.push((d.id.clone(), d.version, "dream", to_json(d)?));
        }
        for m in &page.meetings {
            pulled.push((m.id.clone(), m.version, "meeting", to_json(m)?));
        }
        for m in &page.synonyms {
            pulled.push((m.id.clone(), m.version, "synonym", to_json(m)?));
        }
        for r in &page.rounds {
            pulled.push((r.id.clone(), r.version, "round", to_json(r)?));
        }
        for r in &page.advice {
            pulled.push((r.id.clone(), r.version, "advice", to_json(r)?));
        }
        for r in &page.replies {
            pulled.push((r.id.clone(), r.version, "reply", to_json(r)?));
        }
        for r in &page.lessons {
            pulled.push((r.id.clone(), r.version, "lesson", to_json(r)?));
        }
        // Encrypted before the transaction: Web Crypto is asynchronous, and a transaction
        // with nothing to do in between commits on its own.
        let rows = self
            .seal_teams(
                &pulled
                    .iter()
                    .map(|(id, _, kind, json)| (id.as_str(), *kind, json.as_str()))
                    .collect::<Vec<_>>(),
            )
            .await?;
        let tx = self
            .db
            .transaction(&[TEAM, OUTBOX, META], TransactionMode::ReadWrite)?;
        let result = async {
            let pending = read_pending(&tx).await?;
            let ids: Vec<(String, u64)> = pulled.iter().map(|p| (p.0.clone(), p.1)).collect();
            let (store, keep_cursor) = outbox::team_page(&pending, &ids, page.cursor, held);
            let keep = pulled
                .iter()
                .zip(rows)
                .filter(|(p, _)| store.contains(&p.0.as_str()))
                .map(|(_, r)| (r, None));
            tx.store(TEAM)?.put_all(keep).await?;
            let meta = TeamMeta {
                key: TEAM_KEY.into(),
                cursor: keep_cursor as f64,
            };
            tx.store(META)?.put(&to_js(&meta)?, None).await?;
            Ok::<i64, StoreError>(keep_cursor)
        }
        .await;
        match result {
            Ok(kept) => {
                tx.done().await?;
                Ok(kept)
            }
            Err(e) => {
                let _ = tx.abort().await;
                Err(e)
            }
        }
    }

    /// The team's records (stories, actions, groepsdroom, sessions, synonyms, rounds) on this
    /// device.
    pub async fn team_records(&self) -> Result<TeamData, StoreError> {
        self.data_key()?;
        let tx = self.db.transaction(&[TEAM], TransactionMode::ReadOnly)?;
        let all_rows = tx.store(TEAM)?.get_all(None, None).await?;
        tx.done().await?;
        let sealed = sealed_by_id(&all_rows, "team");
        let mut opened = self.open_texts(&pairs(&sealed)).await?.into_iter();
        let jsons = all_rows
            .iter()
            .zip(&sealed)
            .map(|(value, sealed)| {
                let kind = text(value, "kind").unwrap_or_default();
                let json = match sealed {
                    Some(_) => opened.next().ok_or(StoreError::Damaged)?,
                    None => json_of(value).unwrap_or_default(),
                };
                Ok((kind, json))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut data = TeamData::default();
        for (kind, json) in jsons {
            match kind.as_str() {
                "story" => data.stories.push(from_json(&json)?),
                "action" => data.actions.push(from_json(&json)?),
                "dream" => data.dreams.push(from_json(&json)?),
                "meeting" => data.meetings.push(from_json(&json)?),
                "synonym" => data.synonyms.push(from_json(&json)?),
                "round" => data.rounds.push(from_json(&json)?),
                "advice" => data.advice.push(from_json(&json)?),
                "reply" => data.replies.push(from_json(&json)?),
                "lesson" => data.lessons.push(from_json(&json)?),
                _ => {}
            }
        }
        Ok(data)
    }

    /// Stores one of the team's records and its mutation in one transaction.
    pub async fn save_team_record(&self, record: TeamRecord) -> Result<u64, StoreError> {
        let (id, kind) = (record.id().to_owned(), record.kind());
        let operation = Operation::from(record);
        let json = match &operation {
            Operation::UpsertStory { story } => to_json(story)?,
            Operation::UpsertAction { action } => to_json(action)?,
            Operation::UpsertDream { dream } => to_json(dream)?,
            Operation::UpsertMeeting { meeting } => to_json(meeting)?,
            Operation::UpsertSynonym { synonym } => to_json(synonym)?,
            Operation::UpsertRound { round } => to_json(round)?,
            Operation::UpsertAdvice { advice } => to_json(advice)?,
            Operation::UpsertReply { reply } => to_json(reply)?,
            Operation::UpsertLesson { lesson } => to_json(lesson)?,
            Operation::UpsertDialogue { .. } | Operation::Noop => {
                return Err(StoreError::Other("team".into()))
            }
        };
        let record_js = self.seal_team(&id, kind, &json).await?;
        let mutation_js = self.seal_operation(&operation).await?;
        let tx = self
            .db
            .transaction(&[TEAM, OUTBOX, META], TransactionMode::ReadWrite)?;
        let written = async {
            let meta_store = tx.store(META)?;
            let mut meta = match meta_store.get(JsValue::from_str(DEVICE_KEY)).await? {
                Some(value) => serde_wasm_bindgen::from_value::<DeviceMeta>(value)?,
                None => DeviceMeta::fresh(),
            };
            let mutation_id = outbox::next_mutation_id(meta.last_issued);
            meta.last_issued = mutation_id;
            set(&mutation_js, "id", &JsValue::from_f64(mutation_id as f64))?;
            tx.store(TEAM)?.put(&record_js, None).await?;
            tx.store(OUTBOX)?.put(&mutation_js, None).await?;
            meta_store.put(&to_js(&meta)?, None).await?;
            Ok::<u64, StoreError>(mutation_id)
        }
        .await;
        self.finish_write(tx, written).await
    }
}
