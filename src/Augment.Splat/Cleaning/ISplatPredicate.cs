namespace Augment.Splat.Cleaning;

/// <summary>A per-splat test that says whether splat <c>i</c> (an index into the whole cloud) must go.</summary>
internal interface ISplatPredicate
{
    bool Remove(int index);
}
