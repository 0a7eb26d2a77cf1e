-- A child the same parent already created for the same event and target. Backed by jobs_children.
SELECT id
FROM jobs
WHERE parent_job_id = :parentJobId
  AND source_event_id = :sourceEventId
  AND plugin = :plugin
  AND command = :command
