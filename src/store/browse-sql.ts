/**
 * The condition of the comparison browser's "disagreement" filter, in the SQL both backends speak: an ok verdict on
 * the same item and pair (either order) that points the other way, from another judge or the other order shown.
 * `others`, when given, is a further condition on that other verdict `o` (its judge not excluded): a verdict the
 * client may not see must not make another one show as disputed.
 */
export const disagreement = (
  others = '',
): string => `EXISTS (SELECT 1 FROM comparisons o WHERE o.item_id = c.item_id AND o.status = 'ok' AND c.status = 'ok'${others ? ` AND ${others}` : ''}
  AND ((o.system_a = c.system_a AND o.system_b = c.system_b AND (o.p_a > 0.5) <> (c.p_a > 0.5))
    OR (o.system_a = c.system_b AND o.system_b = c.system_a AND (o.p_a > 0.5) = (c.p_a > 0.5) AND o.p_a <> 0.5)))`;
