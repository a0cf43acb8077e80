CREATE INDEX "tasks_user_due_idx" ON "tasks" USING btree ("user_id",coalesce("due_date", 'infinity'::date),"id");--> statement-breakpoint
CREATE INDEX "tasks_user_priority_idx" ON "tasks" USING btree ("user_id",(case "priority" when 'low' then 0 when 'medium' then 1 when 'high' then 2 end),"id");--> statement-breakpoint
CREATE INDEX "tasks_user_title_idx" ON "tasks" USING btree ("user_id","title","id");--> statement-breakpoint
CREATE INDEX "user_created_idx" ON "user" USING btree ("created_at","id");