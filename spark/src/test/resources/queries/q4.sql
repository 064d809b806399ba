-- Q4: how similar are the logits of class 3 and the last conv layer's representation
-- (linear CKA over the same items; 1 = the same up to rotation and scale).
select count(*) as items, linear_cka(l.activation, c.activation) as cka
from mnist_lenet.logits as l tablesample boundary('maxmargin', 0.05)
join mnist_lenet.conv2 as c tablesample boundary('maxmargin', 0.05) on l.id = c.id
where l.split = 'test' and l.label = 3;
