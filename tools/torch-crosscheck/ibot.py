"""iBOT on a tiny conv-stem ViT, a PyTorch replica of `hvs pretrain --method ibot --vit-stem conv`
(random views, no local crops): is the masked patch term's harm to the CLS features ours, or iBOT's
at this scale? See README.md beside this file."""
import time, math, argparse, os
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
import torchvision.transforms as T
p = argparse.ArgumentParser()
p.add_argument('--epochs', type=int, default=4); p.add_argument('--opt', default='adamw')
p.add_argument('--lr', type=float, default=5e-4); p.add_argument('--wd', type=float, default=0.04); p.add_argument('--wd_end', type=float, default=0.4)
p.add_argument('--batch', type=int, default=64); p.add_argument('--gscale', type=float, default=0.14)
p.add_argument('--dim', type=int, default=96); p.add_argument('--depth', type=int, default=4); p.add_argument('--heads', type=int, default=3)
p.add_argument('--stem', default='conv'); p.add_argument('--K', type=int, default=256); p.add_argument('--bn', type=int, default=1)
p.add_argument('--hidden', type=int, default=512); p.add_argument('--bottleneck', type=int, default=128)
p.add_argument('--tt', type=float, default=0.04); p.add_argument('--mom', type=float, default=0.98)
p.add_argument('--lam2', type=float, default=1.0); p.add_argument('--mask_prob', type=float, default=0.5)
p.add_argument('--ratio', type=float, nargs=2, default=[0.1, 0.5]); p.add_argument('--pred_start', type=int, default=0)
p.add_argument('--seed', type=int, default=42); p.add_argument('--data', default='data/shapes')
p.add_argument('--qkv_init', default='xavier', choices=['xavier', 'trunc'])  # nn.MultiheadAttention's, or DINO's std 0.02
a = p.parse_args()
torch.set_num_threads(int(os.environ.get("T", "2"))); torch.manual_seed(a.seed); np.random.seed(a.seed)
def load(n, k, have):
    x = np.fromfile(f'{a.data}/{n}_x.f32', dtype=np.float32).reshape(have, 3, 32, 32)[:k]
    return torch.from_numpy(x.copy()), torch.tensor([int(l) for l in open(f'{a.data}/{n}_y.txt')][:k])
xtr, ytr = load('train', int(os.environ.get('N', '2000')), 4000); xte, yte = load('test', 1000, 1000)
cj = [T.RandomHorizontalFlip(), T.RandomApply([T.ColorJitter(0.4, 0.4, 0.2, 0.1)], p=0.8), T.RandomGrayscale(0.2)]
blur = lambda pr: [T.RandomApply([T.GaussianBlur(3, sigma=(0.1 * 32 / 224, 2.0 * 32 / 224))], p=pr)]
g1 = T.Compose([T.RandomResizedCrop(32, scale=(a.gscale, 1))] + cj + blur(1.0))
g2 = T.Compose([T.RandomResizedCrop(32, scale=(a.gscale, 1))] + cj + blur(0.1) + [T.RandomSolarize(0.5, p=0.2)])
G = 32 // 4

def block_mask(rng):
    """iBOT's loader: blocks of random aspect ratio until the target share of the 8x8 grid is masked."""
    m = np.zeros((G, G), dtype=bool)
    if rng.random() >= a.mask_prob:
        return m
    target = int(round(rng.uniform(*a.ratio) * G * G)); count = 0
    while count < target:
        delta = 0
        for _ in range(10):
            s = rng.uniform(4, max(4, target - count)); r = math.exp(rng.uniform(math.log(0.3), math.log(1 / 0.3)))
            h = int(round(math.sqrt(s * r))); w = int(round(math.sqrt(s / r)))
            if w < G and h < G:
                t = rng.integers(0, G - h + 1); l = rng.integers(0, G - w + 1)
                blk = m[t:t + h, l:l + w]; new = h * w - blk.sum()
                if 0 < new <= target - count:
                    blk[:] = True; delta = new; break
        if delta == 0:
            break
        count += delta
    return m

class Block(nn.Module):
    def __init__(s, d, h):
        super().__init__(); s.n1 = nn.LayerNorm(d); s.attn = nn.MultiheadAttention(d, h, batch_first=True)
        s.n2 = nn.LayerNorm(d); s.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
    def forward(s, x):
        y = s.n1(x); x = x + s.attn(y, y, y, need_weights=False)[0]
        return x + s.mlp(s.n2(x))
class ViT(nn.Module):
    def __init__(s):
        super().__init__(); d = a.dim
        if a.stem == 'conv':
            s.embed = nn.Sequential(nn.Conv2d(3, d // 2, 3, 2, 1, bias=False), nn.BatchNorm2d(d // 2), nn.ReLU(),
                                    nn.Conv2d(d // 2, d, 3, 2, 1, bias=False), nn.BatchNorm2d(d), nn.ReLU(), nn.Conv2d(d, d, 1))
        else:
            s.embed = nn.Conv2d(3, d, 4, 4)
        s.cls = nn.Parameter(torch.zeros(1, 1, d)); s.pos = nn.Parameter(torch.zeros(1, 1 + G * G, d)); s.mask_token = nn.Parameter(torch.zeros(1, 1, d))
        nn.init.trunc_normal_(s.cls, std=.02); nn.init.trunc_normal_(s.pos, std=.02)
        s.blocks = nn.ModuleList([Block(d, a.heads) for _ in range(a.depth)]); s.norm = nn.LayerNorm(d)
        for m in s.modules():
            if isinstance(m, nn.Linear): nn.init.trunc_normal_(m.weight, std=.02); nn.init.zeros_(m.bias)
            if isinstance(m, nn.MultiheadAttention) and a.qkv_init == 'trunc': nn.init.trunc_normal_(m.in_proj_weight, std=.02)
    def forward(s, x, mask=None):
        x = s.embed(x).flatten(2).transpose(1, 2)
        if mask is not None:
            x = torch.where(mask.flatten(1).unsqueeze(-1), s.mask_token.to(x.dtype).expand_as(x), x)
        x = torch.cat([s.cls.expand(len(x), -1, -1), x], 1) + s.pos
        for b in s.blocks: x = b(x)
        return s.norm(x)
class Head(nn.Module):
    def __init__(s):
        super().__init__(); L = []; dims = [a.dim, a.hidden, a.hidden]
        for i in range(2): L += [nn.Linear(dims[i], dims[i + 1])] + ([nn.BatchNorm1d(dims[i + 1])] if a.bn else []) + [nn.GELU()]
        L += [nn.Linear(a.hidden, a.bottleneck)]; s.mlp = nn.Sequential(*L)
        for m in s.mlp:
            if isinstance(m, nn.Linear): nn.init.trunc_normal_(m.weight, std=.02); nn.init.zeros_(m.bias)
        s.last = nn.utils.weight_norm(nn.Linear(a.bottleneck, a.K, bias=False)); s.last.weight_g.data.fill_(1); s.last.weight_g.requires_grad = False
    def forward(s, x): return s.last(F.normalize(s.mlp(x), dim=-1))
class Model(nn.Module):
    """ViT + a head for the CLS token and another for the patch tokens (as the Java code with head BN)."""
    def __init__(s): super().__init__(); s.net = ViT(); s.head = Head(); s.head_patch = Head()
    def forward(s, x, mask=None):
        t = s.net(x, mask); n, L, d = t.shape
        return s.head(t[:, 0]), s.head_patch(t[:, 1:].reshape(-1, d)).reshape(n, L - 1, -1)
student = Model(); teacher = Model(); teacher.load_state_dict(student.state_dict())
for q in teacher.parameters(): q.requires_grad = False
params = [q for q in student.parameters() if q.requires_grad]
reg = [q for n, q in student.named_parameters() if q.requires_grad and not n.endswith('bias') and q.ndim > 1]
noreg = [q for n, q in student.named_parameters() if q.requires_grad and (n.endswith('bias') or q.ndim <= 1)]
groups = [dict(params=reg), dict(params=noreg, weight_decay=0.)]
opt = torch.optim.SGD(groups, lr=a.lr, momentum=0.9) if a.opt == 'sgd' else torch.optim.AdamW(groups, lr=a.lr)
center = torch.zeros(1, a.K); center2 = torch.zeros(1, 1, a.K)
@torch.no_grad()
def knn(m):
    m.eval(); f = lambda x: F.normalize(torch.cat([m.net(x[i:i + 256])[:, 0] for i in range(0, len(x), 256)]), dim=1)
    ftr, fte = f(xtr), f(xte); sim = fte @ ftr.T; w, idx = sim.topk(20, dim=1); w = (w / 0.07).exp()
    votes = torch.zeros(len(xte), 10).scatter_add_(1, ytr[idx], w); m.train()
    return (votes.argmax(1) == yte).float().mean().item() * 100
print('init knn', f'{knn(teacher):.1f}', flush=True)
rng = np.random.default_rng(a.seed)
spe = len(xtr) // a.batch; total = spe * a.epochs; step = 0; t0 = time.time()
cos = lambda s, e, i, n: e + (s - e) * 0.5 * (1 + math.cos(math.pi * i / n))
ent = lambda pr: -(pr * torch.log(pr + 1e-12)).sum(-1).mean().item()
for ep in range(a.epochs):
    perm = torch.randperm(len(xtr)); logs = []
    for it in range(spe):
        x = xtr[perm[it * a.batch:(it + 1) * a.batch]]; n = len(x)
        V = torch.cat([torch.stack([g1(im) for im in x]), torch.stack([g2(im) for im in x])])
        M = torch.from_numpy(np.stack([block_mask(rng) if ep >= a.pred_start else np.zeros((G, G), bool) for _ in range(2 * n)]))
        lr = a.lr * step / spe if step < spe else cos(a.lr, 1e-6, step - spe, total - spe)
        for g in opt.param_groups: g['lr'] = lr
        opt.param_groups[0]['weight_decay'] = cos(a.wd, a.wd_end, step, total)
        with torch.no_grad():
            tc, tp = teacher(V)
            pc = F.softmax((tc - center) / a.tt, -1).chunk(2); pp = F.softmax((tp - center2) / a.tt, -1).chunk(2)
        sc, sp = student(V, M)
        lc = F.log_softmax(sc / 0.1, -1).chunk(2); lp = F.log_softmax(sp / 0.1, -1).chunk(2); mk = M.flatten(1).float().chunk(2)
        cls_loss = sum((-pc[i] * lc[1 - i]).sum(-1).mean() for i in range(2)) / 2
        patch_loss = sum(((-pp[i] * lp[i]).sum(-1) * mk[i]).sum(-1).div(mk[i].sum(-1).clamp(min=1)).mean() for i in range(2)) / 2
        loss = cls_loss + a.lam2 * patch_loss
        opt.zero_grad(); loss.backward()
        for q in params:
            if q.grad is not None:
                nrm = q.grad.norm()
                if nrm > 3.0: q.grad.mul_(3.0 / (nrm + 1e-6))
        if ep == 0:
            for nme, q in student.named_parameters():
                if 'last' in nme: q.grad = None
        opt.step()
        with torch.no_grad():
            for ps, pt in zip(student.parameters(), teacher.parameters()): pt.mul_(a.mom).add_((1 - a.mom) * ps.detach())
            center = center * 0.9 + 0.1 * tc.mean(0, keepdim=True); center2 = center2 * 0.9 + 0.1 * tp.mean((0, 1), keepdim=True)
        step += 1; logs.append([cls_loss.item(), patch_loss.item(), ent(pc[0]), ent(pp[0].reshape(-1, a.K)), M.float().mean().item()])
    l = np.mean(logs, 0)
    msg = f'epoch {ep} cls {l[0]:.3f} patch {l[1]:.3f} cls_ent {l[2]:.2f} patch_ent {l[3]:.2f}/{math.log(a.K):.2f} mask {l[4]:.3f} t {time.time() - t0:.0f}s'
    if ep % 2 == 1 or ep == a.epochs - 1: msg += f' knn {knn(teacher):.1f} student {knn(student):.1f}'
    print(msg, flush=True)
