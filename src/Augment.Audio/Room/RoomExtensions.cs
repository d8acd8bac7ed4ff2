namespace Augment.Audio;

/// <summary>
/// Room placement spelled on <see cref="AudioBuffer"/> (C# 14 extension members):
/// <c>using var onLocation = voice.ApplyRoom(impulseResponse);</c>.
/// </summary>
public static class RoomExtensions
{
    extension(AudioBuffer voice)
    {
        /// <summary>
        /// Puts the voice into the room of an impulse response: convolution (<see cref="ConvolutionReverb"/>: a mono IR
        /// serves every channel, a stereo IR makes stereo from mono, an IR with the voice's channel count pairs them;
        /// the IR is resampled to the voice's rate), then the wet/dry mix with the wet part level-matched to the dry
        /// input (RMS power over all channels and the whole output) unless <see cref="RoomApplyOptions.MatchLevel"/> is false.
        /// </summary>
        /// <param name="impulseResponse">The room's IR (measured, loaded, or from <see cref="RoomSynthesizer"/>).</param>
        /// <param name="options">Mix, level matching, tail; <see cref="RoomApplyOptions.Default"/> when null.</param>
        /// <param name="cancellationToken">Checked between blocks.</param>
        /// <returns>A new buffer (dispose it): input length + IR length − 1 frames (or the input's length without the tail).</returns>
        /// <exception cref="ArgumentException">The IR's channel count does not fit the voice's.</exception>
        public AudioBuffer ApplyRoom(AudioBuffer impulseResponse, RoomApplyOptions? options = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(voice);
            ArgumentNullException.ThrowIfNull(impulseResponse);
            options ??= RoomApplyOptions.Default;
            options.Validate();
            var irChannels = impulseResponse.Channels;
            if (!(irChannels == 1 || irChannels == voice.Channels || (irChannels is 2 or 4 && voice.Channels is 1 or 2)))
                throw new ArgumentException($"An impulse response of {irChannels} channels cannot be applied to {voice.Channels} channels: use 1 channel, {voice.Channels}, or 2/4 for mono or stereo voices.", nameof(impulseResponse));
            var reverb = new ConvolutionReverb(impulseResponse, new ConvolutionReverbOptions
            {
                WetGainDb = 0,
                DryGainDb = double.NegativeInfinity,
                TrimTail = !options.KeepTail,
                MaxImpulseResponseDuration = TimeSpan.FromSeconds(120),
                Budget = options.Budget ?? voice.Budget,
            });
            var output = reverb.ApplyTo(voice, cancellationToken);
            try
            {
                var wetGain = options.Mix;
                if (options.MatchLevel)
                {
                    var dryPower = DecayKernels.Energy(voice.Data) / voice.Channels;
                    var wetPower = DecayKernels.Energy(output.Data) / output.Channels;
                    if (wetPower > 0 && dryPower > 0) wetGain *= Math.Sqrt(dryPower / wetPower);
                }
                var dryGain = 1 - options.Mix;
                for (var c = 0; c < output.Channels; c++)
                {
                    var wet = output.Channel(c);
                    var dry = voice.Channel(voice.Channels == 1 ? 0 : Math.Min(c, voice.Channels - 1));
                    for (var i = 0; i < wet.Length; i++)
                        wet[i] = (float)((wet[i] * wetGain) + (i < dry.Length ? dry[i] * dryGain : 0));
                }
                return output;
            }
            catch
            {
                output.Dispose();
                throw;
            }
        }
    }
}
