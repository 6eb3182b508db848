-- Issue 18, item 7: a team speaks the Dutch of the Netherlands (nl-NL) or of Flanders (nl-BE);
-- its workers and their clients read its words. Teams from before are nl-NL.
ALTER TABLE teams ADD COLUMN variant TEXT NOT NULL DEFAULT 'nl-NL';
