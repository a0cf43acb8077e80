DROP INDEX "tasks_user_title_idx";--> statement-breakpoint
CREATE INDEX "tasks_user_title_ci_idx" ON "tasks" USING btree ("user_id",(lower("title") collate "C"),"id");